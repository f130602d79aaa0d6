#pragma once
// Calendar events for `deals due --format ics` and `deals calendar` (SPEC §13). Pure.
#include <optional>
#include <string>
#include <vector>

#include "core/deal.hpp"

namespace deals {

/// One all-day event: a deal's next action on its due date, or its expected close.
struct CalendarEvent {
  enum class Kind { NextAction, ExpectedClose };
  Kind kind = Kind::NextAction;
  const Deal* deal = nullptr;
  Date date;
};

/// The next actions with a due date of open and won deals (the deals `due` lists; lost
/// deals have no follow-up), due on or before `until` when given; with `closing`, also
/// the expected close of every open deal that has one. Sorted by date, then kind (actions
/// first), then id.
std::vector<CalendarEvent> calendar_events(const std::vector<Deal>& deals,
                                           std::optional<Date> until, bool closing);

/// The event's UID, stable per deal and action so a subscribed calendar updates an event
/// instead of adding a second one: `next-<id>-<16 hex digits of a hash of the action
/// text>@deals` (a new due date keeps the UID; a different action is a new event) and
/// `close-<id>@deals`. Nothing else of the deal enters it.
std::string event_uid(const CalendarEvent& event);

}  // namespace deals
