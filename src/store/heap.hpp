#pragma once
// The malloc heap before a large load. Which policy applies is the program's choice
// (src/cli/main.cpp sets it); the store applies it once it knows how many deals it loads.
#include <cstddef>

namespace deals {

/// How to prepare the heap for loading many deals at once (Pipeline::load_all).
struct HeapPolicy {
  /// Grow the heap once by this much per deal (0: leave malloc as it is).
  std::size_t grow_per_deal = 0;
  /// Of the grown heap, ask for transparent huge pages on this much per deal.
  std::size_t huge_per_deal = 0;
  /// Loads needing less than this (grow_per_deal × deals) are left alone.
  std::size_t min_bytes = std::size_t(8) << 20;
};

/// The policy prepare_heap applies from now on. The default policy does nothing.
void set_heap_policy(const HeapPolicy& policy);

/// Prepares the heap, per the policy, for a program about to load `deals` deals in many
/// small pieces from several threads: one arena, grown once, huge pages asked for on its
/// first part. Page faults dominate loading on virtual machines where they are slow.
/// Once per process; call before starting threads.
void prepare_heap(std::size_t deals);

}  // namespace deals
