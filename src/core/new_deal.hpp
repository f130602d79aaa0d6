#pragma once
// What a new deal starts with (spec section 5, `add`; section 8, `import`): its first
// history entry and its id. Pure: whether an id is taken is asked of the caller.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "core/deal.hpp"

namespace deals {

/// The entry a history starts with: the deal entered `stage` on `created`. It is also the
/// implied history of a hand-written deal without one (see effective_history).
HistoryEntry first_entry(Date created, const std::string& stage);

/// The history a new deal is written with: it entered its stage on `created`. A deal that
/// starts closed (an imported won or lost row) entered the first stage on `created` and
/// closed on `closed` (else `created`).
std::vector<HistoryEntry> initial_history(const Deal& deal, const Config& config,
                                          std::optional<Date> closed = {});

/// The id a deal gets when none is given: the slug of company and title, "deal" when that
/// is empty.
std::string id_base(const std::optional<std::string>& company, const std::string& title);

/// `base` for n <= 1, else `base` cut to leave room for "-n" within 64 characters (and
/// without a trailing '-') followed by "-n": the n-th deal with the same base.
std::string suffixed_id(const std::string& base, int n);

/// The first of `base`, base-2, base-3, ... (suffixed_id) that `taken` says is free.
std::string first_free_id(const std::string& base,
                          const std::function<bool(const std::string&)>& taken);

}  // namespace deals
