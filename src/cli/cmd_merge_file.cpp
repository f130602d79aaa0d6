// deals merge-file BASE OURS THEIRS [PATH]: the git merge driver for deal files (spec 11).
// git runs it as `deals merge-file %O %A %B %P` from the top of the work tree; the result
// goes to OURS; exit 0 when merged, 1 when a conflict is left.
#include <cstdlib>
#include <filesystem>
#include <optional>

#include "cli/cmd_util.hpp"
#include "cli/commands.hpp"
#include "core/error.hpp"
#include "core/merge.hpp"
#include "core/text.hpp"
#include "store/config_file.hpp"
#include "store/deal_merge.hpp"
#include "store/fs_util.hpp"
#include "store/git.hpp"

namespace deals {
namespace {

namespace fs = std::filesystem;

struct Opts {
  std::string base, ours, theirs, path;
  int marker_size = 7;
};

// The pipeline the file belongs to: PATH is deals/<id>.yaml below the pipeline root (git
// gives it relative to the top of the work tree, where it runs the driver); else the
// pipeline around the current directory; else the spec's defaults.
Config config_for(Context& ctx, const std::string& path) {
  std::error_code ec;
  if (!path.empty()) {
    fs::path root = fs::absolute(fs::path(path), ec).parent_path().parent_path();
    if (!ec && fs::is_regular_file(root / "pipeline.toml", ec))
      return parse_config(read_file(root / "pipeline.toml", 64 * 1024), "pipeline.toml");
  }
  try {
    return ctx.pipeline().config();
  } catch (const Error&) {
    return Config::defaults();
  }
}

bool blank(const std::string& s) {
  return s.find_first_not_of(" \t\r\n") == std::string::npos;
}

// Falls back to git's line merge for files the semantic merge cannot read.
int text_merge(Context& ctx, const Opts& o, const std::string& shown, const std::string& why) {
  ctx.warn(shown + ": " + why + "; merging it line by line");
  int conflicts = git_merge_file_text(ctx.store.git, o.ours, o.base, o.theirs, o.marker_size);
  if (conflicts < 0) throw Error(shown + ": git merge-file could not run; OURS left as it was");
  return conflicts == 0 ? 0 : 1;
}

// When git's line merge is clean and means the same as the merged deal, it is the better
// result: it keeps both sides' layout and comments, not only OURS'. Writes it to OURS then.
bool wrote_line_merge(Context& ctx, const Opts& o, const std::string& id, const std::string& shown,
                      const Config& config, const Deal& merged) {
  auto text = git_merge_file_clean(ctx.store.git, o.ours, o.base, o.theirs);
  if (!text) return false;
  Deal check;
  std::vector<Problem> problems;
  if (!decode_deal(*text, id, shown, config, check, problems) || !(check == merged)) return false;
  fs::path ours_path = fs::absolute(fs::path(o.ours));
  atomic_write(ours_path.parent_path(), ours_path.filename().string(), *text, 0644);
  return true;
}

int run(Context& ctx, const Opts& o) {
  const std::string shown = o.path.empty() ? o.ours : o.path;
  std::string id = fs::path(o.path.empty() ? o.ours : o.path).stem().string();
  if (!valid_id(id)) id = "deal";
  std::string base_bytes = read_file(o.base), ours_bytes = read_file(o.ours),
              theirs_bytes = read_file(o.theirs);
  Config config = config_for(ctx, o.path);

  auto decode = [&](const std::string& bytes, const char* side) -> std::optional<Deal> {
    Deal d;
    std::vector<Problem> problems;
    if (decode_deal(bytes, id, shown + " (" + side + ")", config, d, problems)) return d;
    for (const auto& p : problems) ctx.warn(sanitize(p.str()));
    return std::nullopt;
  };
  std::optional<Deal> base;
  if (!blank(base_bytes)) {
    base = decode(base_bytes, "base");
    if (!base) return text_merge(ctx, o, shown, "the common ancestor is not a valid deal");
  }
  std::optional<Deal> ours = decode(ours_bytes, "ours"), theirs = decode(theirs_bytes, "theirs");
  if (!ours || !theirs)
    return text_merge(ctx, o, shown,
                      std::string(!ours ? "our" : "their") + " version is not a valid deal");

  MergeResult merged = merge_deals(base, *ours, *theirs);
  fs::path ours_path = fs::absolute(fs::path(o.ours));
  if (merged.conflicts.empty() && wrote_line_merge(ctx, o, id, shown, config, merged.deal))
    return 0;
  MergeLabels labels;
  labels.marker_size = o.marker_size;
  std::string bytes = merged_file_bytes(ours_bytes, *ours, merged, *theirs, config, labels);
  if (merged.conflicts.empty()) {
    // What we write must read back as the merged deal (it always should).
    Deal check;
    std::vector<Problem> problems;
    if (!decode_deal(bytes, id, shown, config, check, problems) || !(check == merged.deal))
      return text_merge(
          ctx, o, shown,
          "the merged deal is not valid" +
              (problems.empty() ? std::string() : " (" + problems.front().str() + ")"));
  }
  atomic_write(ours_path.parent_path(), ours_path.filename().string(), bytes, 0644);
  if (merged.conflicts.empty()) return 0;
  std::string fields;
  for (const auto& f : merged.conflicts) fields += (fields.empty() ? "" : ", ") + f;
  *ctx.err << "deals: " << sanitize(shown) << ": both sides changed " << sanitize(fields)
           << " differently; conflict marked around "
           << (merged.conflicts.size() == 1 ? "it" : "them") << "\n";
  if (merged.theirs_history) {
    // Say how each side left the deal: the stage line alone does not show won on two days.
    auto how = [](const HistoryEntry& e) { return sanitize(e.stage) + " on " + e.on.str(); };
    *ctx.err << "deals: " << sanitize(shown) << ": stage: ours " << how(merged.deal.history.back())
             << ", theirs " << how(merged.theirs_history->back())
             << "; the history entries are marked too: keep the same side throughout\n";
  }
  return 1;
}

}  // namespace

Runner setup_merge_file(Args& args, Context& ctx) {
  auto o = std::make_shared<Opts>();
  args.positional("BASE", o->base, "the common ancestor (git's %O; empty for an add/add)")
      .required();
  args.positional("OURS", o->ours, "our version (git's %A); the result is written here").required();
  args.positional("THEIRS", o->theirs, "their version (git's %B)").required();
  args.positional("PATH", o->path, "the file's path in the work tree (git's %P)");
  args.option("--marker-size", o->marker_size, "length of conflict markers (git's %L)")
      .text("N")
      .range(7, 100);
  args.footer(
      "Registered by 'deals init --git' and 'deals git-setup' as git's merge driver 'deals'\n"
      "(.gitattributes: deals/*.yaml merge=deals). history and log are merged as the union of\n"
      "both sides, by date; a field changed on one side takes that side's value; a field both\n"
      "sides changed differently is a conflict, marked around that field alone; so is a deal\n"
      "the two sides closed differently (won against lost, or a close against a later move),\n"
      "marked at stage and at the history entries.");
  return [&ctx, o] { return run(ctx, *o); };
}

}  // namespace deals
