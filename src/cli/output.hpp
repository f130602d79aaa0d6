#pragma once
// Standard output and error as checked streams: every write goes to the file descriptor
// through one buffer that remembers the first error, so a full disk, a closed pipe or a
// failing close is reported ("deals: writing output: No space left on device") instead
// of leaving a truncated file behind an exit status of 0.
#include <streambuf>
#include <string>

namespace deals {

class OutputBuf : public std::streambuf {
 public:
  /// `line_buffered`: write out at every newline (a terminal), else in 64 KiB blocks.
  OutputBuf(int fd, bool line_buffered) : fd_(fd), line_buffered_(line_buffered) {}
  OutputBuf(const OutputBuf&) = delete;
  OutputBuf& operator=(const OutputBuf&) = delete;

  /// From now on, control characters other than newline and tab, C1 controls and
  /// bidirectional overrides are written as visible escapes (see terminal_safe): for
  /// raw formats (CSV, JSON, YAML, Markdown, HTML) shown on a terminal.
  void escape_controls() { escape_ = true; }

  /// Writes out what is buffered; returns the first write error (an errno value), or 0.
  int finish();
  /// The first write error so far (an errno value), or 0.
  int error() const { return error_; }

 protected:
  int_type overflow(int_type ch) override;
  std::streamsize xsputn(const char* s, std::streamsize n) override;
  int sync() override;

 private:
  void write_out(bool all);
  void write_fd(const char* p, std::size_t n);

  int fd_;
  bool line_buffered_;
  bool escape_ = false;
  int error_ = 0;
  std::string pending_;
};

}  // namespace deals
