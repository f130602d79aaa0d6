#pragma once
// `deals find TEXT`: which deals mention a text, and where. Pure.
#include <string>
#include <string_view>
#include <vector>

#include "core/deal.hpp"

namespace deals {

struct FindHit {
  const Deal* deal = nullptr;
  /// Where the text occurs, in this order: title, company, contact (name, email, phone),
  /// tags, next (the next action), notes, log (activity notes), history (move notes and
  /// close reasons), id.
  std::vector<std::string> fields;
};

/// Every deal (open and closed) holding `text` in one of those fields, ignoring case for
/// all letters fold_case knows; in the order of `deals`. An empty text finds nothing.
std::vector<FindHit> find_deals(const std::vector<Deal>& deals, std::string_view text);

/// Ids (of `ids`) that contain `text`, for "no deal 'X'" messages; at most `limit`.
std::vector<std::string> ids_containing(const std::vector<std::string>& ids, std::string_view text,
                                        size_t limit);

}  // namespace deals
