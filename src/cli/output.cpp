#include "cli/output.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/text.hpp"

namespace deals {
namespace {

constexpr std::size_t kBlock = 64 * 1024;

// Bytes at the end of `s` that start a UTF-8 sequence not yet complete: kept back so the
// escaping sees whole characters.
std::size_t incomplete_tail(const std::string& s) {
  std::size_t n = s.size();
  for (std::size_t back = 1; back <= 3 && back <= n; ++back) {
    unsigned char c = static_cast<unsigned char>(s[n - back]);
    if ((c & 0xC0) == 0x80) continue;  // a continuation byte: look further back
    std::size_t need = utf8_sequence_length(c);
    return need > back ? back : 0;
  }
  return 0;
}

}  // namespace

void OutputBuf::write_fd(const char* p, std::size_t n) {
  while (n > 0 && error_ == 0) {
    ssize_t w = ::write(fd_, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      error_ = errno;
      return;
    }
    p += w;
    n -= static_cast<std::size_t>(w);
  }
}

void OutputBuf::write_out(bool all) {
  if (pending_.empty()) return;
  if (!escape_) {
    write_fd(pending_.data(), pending_.size());
    pending_.clear();
    return;
  }
  std::size_t keep = all ? 0 : incomplete_tail(pending_);
  std::string safe = terminal_safe(std::string_view(pending_).substr(0, pending_.size() - keep));
  write_fd(safe.data(), safe.size());
  pending_.erase(0, pending_.size() - keep);
}

OutputBuf::int_type OutputBuf::overflow(int_type ch) {
  if (error_) return traits_type::eof();
  if (traits_type::eq_int_type(ch, traits_type::eof())) return traits_type::not_eof(ch);
  pending_ += traits_type::to_char_type(ch);
  if (pending_.size() >= kBlock || (line_buffered_ && ch == '\n')) write_out(false);
  return error_ ? traits_type::eof() : ch;
}

std::streamsize OutputBuf::xsputn(const char* s, std::streamsize n) {
  if (error_) return 0;
  // A large block (a whole rendered report) goes out as it is, not copied into the buffer.
  if (!escape_ && !line_buffered_ && static_cast<std::size_t>(n) >= kBlock) {
    write_out(true);
    write_fd(s, static_cast<std::size_t>(n));
    return error_ ? 0 : n;
  }
  pending_.append(s, static_cast<std::size_t>(n));
  if (pending_.size() >= kBlock ||
      (line_buffered_ && std::memchr(s, '\n', static_cast<std::size_t>(n))))
    write_out(false);
  return error_ ? 0 : n;
}

int OutputBuf::sync() {
  write_out(false);
  return error_ ? -1 : 0;
}

int OutputBuf::finish() {
  write_out(true);
  return error_;
}

}  // namespace deals
