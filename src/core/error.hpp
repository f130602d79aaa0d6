#pragma once
// The one error type of deals. Library code throws it; only main() catches, prints
// "deals: <message>" on stderr and exits with `exit_code`.
#include <stdexcept>
#include <string>

namespace deals {

/// Exit codes fixed by the spec.
enum ExitCode : int { kOk = 0, kFailure = 1, kUsage = 2 };

/// A user-facing failure. `what()` is the message without the "deals: " prefix; it names
/// the file (and line) that caused it where there is one.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message, int exit_code = kFailure)
      : std::runtime_error(message), exit_code_(exit_code) {}
  int exit_code() const { return exit_code_; }

 private:
  int exit_code_;
};

/// A usage error (exit 2).
inline Error usage_error(const std::string& message) {
  return Error(message, kUsage);
}

}  // namespace deals
