#pragma once
// "COULD NOT READ": what every report says about the deal files it had to leave out
// (spec section 11), so that a report mailed from cron is never silently incomplete.
// One helper for every report and format: each command adds it with one line.
#include <string>
#include <vector>

#include "render/style.hpp"

namespace deals {

/// A deal file a report could not read, and why (`path:line: message`).
struct Unreadable {
  std::string path;  // deals/<id>.yaml
  int line = 0;      // 0 when the problem concerns the whole file
  std::string message;
};

/// The shape of the finished report the section joins.
enum class UnreadableAs { text, md, html, json_object, json_array };

/// `report` with the section added:
/// * text, md: a "COULD NOT READ (n)" section at the end, one `path:line: message` per
///   problem (nothing added when there is none);
/// * html: the same section at the top of the page's main content;
/// * a JSON object: an `unreadable` key holding [{path, line, message}] (always present,
///   [] when every file was read);
/// * a JSON array (of deals or rows): one more element per unreadable file,
///   {id, unreadable: [{path, line, message}]}.
std::string add_unreadable(std::string report, const std::vector<Unreadable>& files,
                           UnreadableAs as, const Style& style = {});

}  // namespace deals
