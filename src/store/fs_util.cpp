#include "store/fs_util.hpp"

#include <fcntl.h>
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "core/error.hpp"

namespace deals {

std::string read_file(const fs::path& path, std::size_t max_bytes) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw Error(path.string() + ": cannot read: " + std::strerror(errno));
  std::string data;
  char buf[65536];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int e = errno;
      close(fd);
      throw Error(path.string() + ": cannot read: " + std::strerror(e));
    }
    if (n == 0) break;
    if (data.size() + static_cast<std::size_t>(n) > max_bytes) {
      close(fd);
      throw Error(path.string() + ": file is larger than " + std::to_string(max_bytes) + " bytes");
    }
    data.append(buf, static_cast<std::size_t>(n));
  }
  close(fd);
  return data;
}

void prepare_heap(std::size_t bytes) {
  static bool done = false;  // once per process; later calls (a second load) are no-ops
  if (done || bytes < (8u << 20)) return;
  done = true;
  // One arena: the loader's threads then share the one heap prepared below.
  ::mallopt(M_ARENA_MAX, 1);
  ::mallopt(M_MMAP_THRESHOLD, 32 << 20);   // fixed, so the probe below comes from the heap
  ::mallopt(M_TRIM_THRESHOLD, 512 << 20);  // keep what was grown
  ::mallopt(M_TOP_PAD, static_cast<int>(std::min<std::size_t>(bytes, 1u << 30)));
  char* before = static_cast<char*>(::sbrk(0));
  // Larger than the free top of the heap: grows it by `bytes`. The write keeps the
  // compiler from eliding the malloc/free pair.
  auto* probe = static_cast<volatile char*>(std::malloc(1 << 20));
  if (probe) probe[0] = 0;
  std::free(const_cast<char*>(probe));
  char* after = static_cast<char*>(::sbrk(0));
  ::mallopt(M_TOP_PAD, 4 << 20);
  if (before == reinterpret_cast<char*>(-1) || after <= before) return;
  // Transparent huge pages where the kernel offers them only on request (the common
  // "madvise" setting): one fault per 2 MiB instead of one per 4 KiB page.
  constexpr std::uintptr_t kHuge = 2u << 20;
  auto lo = (reinterpret_cast<std::uintptr_t>(before) + kHuge - 1) & ~(kHuge - 1);
  auto hi = reinterpret_cast<std::uintptr_t>(after) & ~(kHuge - 1);
  if (hi > lo) ::madvise(reinterpret_cast<void*>(lo), hi - lo, MADV_HUGEPAGE);
}

}  // namespace deals
