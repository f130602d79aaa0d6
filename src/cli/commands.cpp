#include "cli/commands.hpp"

namespace deals {

const std::vector<CommandDef>& commands() {
  static const std::vector<CommandDef> table{
      {"init", "create a pipeline (pipeline.toml and deals/)", setup_init, true},
      {"add", "add a deal (a new lead by default); prints its id", setup_add, true},
      {"show", "show one deal with its score, idle days and qualification", setup_show, false},
      {"list", "list deals (open ones by default)", setup_list, false},
      {"qualify", "record BANT answers; a passing lead moves on", setup_qualify, true},
      {"advance", "move a deal to the next stage (or --to STAGE)", setup_advance, true},
      {"won", "close a deal as won", setup_won, true},
      {"lost", "close a deal as lost, with a reason", setup_lost, true},
      {"reopen", "reopen a closed deal", setup_reopen, true},
      {"log", "record an activity (call, email, meeting, note)", setup_log, true},
      {"next", "set, show or complete the next action", setup_next, true},
      {"due", "next actions overdue or due soon", setup_due, false},
      {"calendar", "next actions (and expected closes) as an iCalendar feed", setup_calendar,
       false},
      {"find", "find deals by text in title, company, contact, tags, notes and log", setup_find,
       false},
      {"undo", "revert the last change deals committed to git", setup_undo, true},
      {"stalled", "open deals idle too long (prints nothing when none)", setup_stalled, false},
      {"review", "the weekly review (text, md, json or html)", setup_review, false},
      {"stats", "win rate, deal size, cycle time, stage conversion, velocity", setup_stats, false},
      {"forecast", "weighted forecast by expected close month", setup_forecast, false},
      {"edit", "edit a deal in $VISUAL/$EDITOR, validated before saving", setup_edit, true},
      {"rm", "delete a deal", setup_rm, true},
      {"check", "validate pipeline.toml and every deal file (a good pre-commit hook)", setup_check,
       false},
      {"import", "create deals from a CSV file", setup_import, true},
      {"fmt", "rewrite deal files in the canonical form (drops comments); --check lists them",
       setup_fmt, true},
      {"export", "every deal as CSV or JSON", setup_export, false},
      {"completion", "print a bash, zsh or fish completion script", setup_completion, false},
      {"sync", "commit pending deal changes, pull (deals merge field by field), push", setup_sync,
       false},
      {"git-setup", "register the deals merge driver in this clone (.gitattributes too)",
       setup_git_setup, false},
      {"merge-file", "git merge driver for deal files (BASE OURS THEIRS [PATH])", setup_merge_file,
       false},
  };
  return table;
}

}  // namespace deals
