#include "store/heap.hpp"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>

namespace deals {
namespace {

HeapPolicy policy;

}  // namespace

void set_heap_policy(const HeapPolicy& p) {
  policy = p;
}

void prepare_heap(std::size_t deals) {
  static bool done = false;  // once per process; later calls (a second load) are no-ops
  const std::size_t bytes = policy.grow_per_deal * deals;
  if (done || bytes == 0 || bytes < policy.min_bytes) return;
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
  // "madvise" setting): one fault per 2 MiB instead of one per 4 KiB page. Only on the
  // first part, which the deals fill: a huge page is resident whole, so on the rest (the
  // rows and text of a report, freed pieces) they would raise the peak memory.
  constexpr std::uintptr_t kHuge = 2u << 20;
  const auto start = reinterpret_cast<std::uintptr_t>(before);
  const auto end = std::min(reinterpret_cast<std::uintptr_t>(after),
                            start + std::min(policy.huge_per_deal, policy.grow_per_deal) * deals);
  auto lo = (start + kHuge - 1) & ~(kHuge - 1);
  auto hi = end & ~(kHuge - 1);
  if (hi > lo) ::madvise(reinterpret_cast<void*>(lo), hi - lo, MADV_HUGEPAGE);
}

}  // namespace deals
