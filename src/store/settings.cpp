#include "store/settings.hpp"

#include "core/error.hpp"
#include "core/text.hpp"

namespace deals {
namespace {

// A timeout in seconds; `what` says what is waited for, in the error message.
double parse_timeout(std::string_view value, double fallback, const char* name, const char* what) {
  if (value.empty()) return fallback;
  // parse_number takes plain decimals only: no sign, exponent, nan or inf.
  auto t = parse_number(value);
  if (!t || *t > 1e6)
    throw Error(std::string(name) + ": invalid value '" + sanitize(value.substr(0, 80)) + "' (" +
                what + ")");
  return *t;
}

}  // namespace

StoreSettings parse_store_settings(const StoreEnvironment& env) {
  StoreSettings s;
  s.lock_timeout =
      parse_timeout(env.lock_timeout, 10, "DEALS_LOCK_TIMEOUT",
                    "seconds to wait for the lock: a number from 0 to 1000000, like 10 or 0.5");
  s.git.lock_timeout =
      parse_timeout(env.git_lock_timeout, 5, "DEALS_GIT_LOCK_TIMEOUT",
                    "seconds to wait for git's index.lock: a number from 0 to 1000000, like 5");
  if (!env.cache.empty() && env.cache != "0" && env.cache != "1")
    throw Error("DEALS_CACHE: invalid value '" + sanitize(env.cache.substr(0, 80)) +
                "' (0 turns the deal cache off, 1 on)");
  if (!env.cache.empty()) s.cache = env.cache == "1";
  s.git.email = env.email;
  s.git.path = env.path;
  if (!env.tmpdir.empty()) s.git.tmpdir = env.tmpdir;
  return s;
}

}  // namespace deals
