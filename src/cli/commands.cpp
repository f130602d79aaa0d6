#include "cli/commands.hpp"

namespace deals {

namespace {
using enum Needs;
using enum Format;

// One row per command: name, summary, setup, what it needs, its formats (default first).
const std::vector<CommandDef> kTable{
    {"init", "create a pipeline (pipeline.toml and deals/)", setup_init, nothing, {}},
    {"add", "add a deal (a new lead by default); prints its id", setup_add, own_lock, {}},
    {"show",
     "show one deal with its score, idle days and qualification",
     setup_show,
     pipeline,
     {Text, Json, Yaml}},
    {"list", "list deals (open ones by default)", setup_list, each, {Text, Json, Csv, Md}},
    {"qualify", "record BANT answers; a passing lead moves on", setup_qualify, lock, {}},
    {"advance", "move a deal to the next stage (or --to STAGE)", setup_advance, lock, {}},
    {"won", "close a deal as won", setup_won, lock, {}},
    {"lost", "close a deal as lost, with a reason", setup_lost, lock, {}},
    {"reopen", "reopen a closed deal", setup_reopen, lock, {}},
    {"log", "record an activity (call, email, meeting, note)", setup_log, lock, {}},
    {"next", "set, show or complete the next action", setup_next, lock, {}},
    {"due", "next actions overdue or due soon", setup_due, deals, {Text, Json, Csv, Md, Ics}},
    {"calendar",
     "next actions (and expected closes) as an iCalendar feed",
     setup_calendar,
     deals,
     {}},
    {"find",
     "find deals by text in title, company, contact, tags, notes and log",
     setup_find,
     deals,
     {Text, Json, Csv, Md}},
    {"undo", "revert the last change deals committed to git", setup_undo, own_lock, {}},
    {"stalled",
     "open deals idle too long (prints nothing when none)",
     setup_stalled,
     deals,
     {Text, Json, Csv, Md}},
    {"review",
     "the weekly review (text, md, json or html)",
     setup_review,
     deals,
     {Text, Md, Json, Html}},
    {"stats",
     "win rate, deal size, cycle time, stage conversion, velocity",
     setup_stats,
     deals,
     {Text, Json, Md, Csv}},
    {"forecast",
     "weighted forecast by expected close month",
     setup_forecast,
     deals,
     {Text, Json, Csv, Md}},
    {"edit", "edit a deal in $VISUAL/$EDITOR, validated before saving", setup_edit, own_lock, {}},
    {"rm", "delete a deal", setup_rm, lock, {}},
    // check opens the pipeline itself: a broken pipeline.toml is one of its findings.
    {"check",
     "validate pipeline.toml and every deal file (a good pre-commit hook)",
     setup_check,
     nothing,
     {Text, Json}},
    {"import", "create deals from a CSV file", setup_import, own_lock, {}},
    {"fmt",
     "rewrite deal files in the canonical form (drops comments); --check lists them",
     setup_fmt,
     lock,
     {}},
    {"export", "every deal as CSV or JSON", setup_export, each, {Csv, Json}},
    {"completion", "print a bash, zsh or fish completion script", setup_completion, nothing, {}},
    {"sync",
     "commit pending deal changes, pull (deals merge field by field), push",
     setup_sync,
     own_lock,
     {}},
    {"git-setup",
     "register the deals merge driver in this clone (.gitattributes too)",
     setup_git_setup,
     pipeline,
     {}},
    {"merge-file",
     "git merge driver for deal files (BASE OURS THEIRS [PATH])",
     setup_merge_file,
     nothing,
     {}},
};

}  // namespace

const std::vector<CommandDef>& commands() {
  return kTable;
}

}  // namespace deals
