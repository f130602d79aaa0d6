#pragma once
// iCalendar (RFC 5545) output: `deals due --format ics` and `deals calendar`.
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.hpp"
#include "core/config.hpp"

namespace deals {

/// A VCALENDAR named after the pipeline holding one all-day VEVENT per event (DTSTART and
/// DTEND as VALUE=DATE, DTEND the day after), with UID from event_uid, DTSTAMP at 00:00 UTC
/// of `stamp` (the command's today, so the same pipeline on the same day gives the same
/// bytes), a SUMMARY and a DESCRIPTION naming the deal. Lines end in CRLF and are folded
/// at 75 octets; text is escaped.
std::string render_ics(const std::vector<CalendarEvent>& events, const Config& config, Date stamp);

/// A TEXT value escaped (RFC 5545 3.3.11): `\` `;` `,` get a backslash, a line end becomes
/// `\n`; other control characters become spaces.
std::string ics_text(std::string_view text);

/// One content line folded (RFC 5545 3.1): no physical line longer than 75 octets, a
/// continuation starts with one space, UTF-8 sequences are never split; ends with CRLF.
std::string ics_line(std::string_view line);

}  // namespace deals
