// deals import FILE.csv [--map FIELD=COLUMN]... [--stage-map VALUE=STAGE]... [--dry-run] [--update]
#include <algorithm>
#include <set>

#include "cli/cmd_util.hpp"
#include "cli/commands.hpp"
#include "core/error.hpp"
#include "core/import.hpp"
#include "core/text.hpp"
#include "store/csv.hpp"
#include "store/deal_codec.hpp"
#include "store/deal_limits.hpp"
#include "store/fs_util.hpp"

namespace deals {
namespace {

struct Opts {
  std::string file;
  std::vector<std::string> map, stage_map;
  bool dry_run = false, update = false;
  std::string delimiter, decimal = ".", date_format = "YYYY-MM-DD";
};

std::map<std::string, std::string> pairs(const std::vector<std::string>& args, const char* option) {
  std::map<std::string, std::string> out;
  for (const auto& a : args) {
    size_t eq = a.find('=');
    if (eq == std::string::npos || eq == 0)
      throw usage_error(std::string(option) + ": expected A=B, got '" + sanitize(a) + "'");
    out[a.substr(0, eq)] = a.substr(eq + 1);
  }
  return out;
}

// A record whose deal could not be written (a cell of megabytes) is a bad row, named by
// its line and field, before anything is written.
void report_oversized(ImportPlan& plan, const Config& config) {
  bool found = false;
  for (size_t i = 0; i < plan.deals.size(); ++i) {
    const Deal& d = plan.deals[i];
    size_t text = d.title.size() + (d.notes ? d.notes->size() : 0);
    for (const auto* f :
         {&d.company, &d.contact.name, &d.contact.email, &d.contact.phone, &d.source})
      text += *f ? (*f)->size() : 0;
    if (d.next) text += d.next->action.size();
    for (const auto& t : d.tags) text += t.size();
    if (text < kWriteLimits.bytes / 2) continue;  // far from the limit: not encoded twice
    if (auto field = oversized_field(d, encode_deal(d, config).size())) {
      plan.errors.push_back({plan.lines[i], *field});
      found = true;
    }
  }
  if (found)
    std::stable_sort(plan.errors.begin(), plan.errors.end(),
                     [](const ImportError& a, const ImportError& b) { return a.line < b.line; });
}

ImportOptions import_options(const Opts& o) {
  ImportOptions options{pairs(o.map, "--map"), pairs(o.stage_map, "--stage-map")};
  options.decimal = decimal_arg(o.decimal);
  auto date_format = parse_date_format(o.date_format);
  if (!date_format)
    throw usage_error("--date-format: unknown format '" + sanitize(o.date_format) +
                      "' (choose DD.MM.YYYY, MM/DD/YYYY or YYYY-MM-DD)");
  options.date_format = *date_format;
  return options;
}

// The CSV's rows, header first.
std::vector<CsvRow> read_rows(const Opts& o, std::optional<char> delimiter) {
  std::string text = read_file(o.file, 64 << 20);
  CsvLimits limits;
  limits.max_bytes = 64 << 20;
  limits.max_cells = 10'000'000;
  std::vector<CsvRow> rows =
      read_csv(text, o.file, limits, delimiter ? *delimiter : detect_delimiter(text));
  if (rows.empty()) throw Error(o.file + ": no header row");
  return rows;
}

// Every bad row on stderr, then the failure: nothing is imported.
void refuse_bad_rows(Context& ctx, const Opts& o, const ImportPlan& plan) {
  if (plan.errors.empty()) return;
  for (const auto& e : plan.errors)
    *ctx.err << "deals: " << o.file << ":" << e.line << ": " << e.message << "\n";
  std::set<int> bad_rows;
  for (const auto& e : plan.errors) bad_rows.insert(e.line);
  throw Error(o.file + ": " + std::to_string(bad_rows.size()) + " bad row" +
              (bad_rows.size() == 1 ? "" : "s") + "; nothing imported");
}

// What the planned deals do to the pipeline: new files, updates, skipped rows.
struct Writes {
  std::vector<Deal> deals;
  std::vector<StoredDeal> old;  // updated files as read: their writes are surgical
  size_t created = 0, updated = 0, skipped = 0;
};

// `import --update` of one existing deal.
void update_existing(Context& ctx, const Opts& o, const Deal& d, Writes& w) {
  Pipeline& p = ctx.pipeline();
  StoredDeal old = p.load(d.id);  // an invalid file is refused, never overwritten
  ImportUpdate u = merge_import(old.deal, d, p.config(), ctx.today);
  if (u.refused) {
    ++w.skipped;
    ctx.warn(Pipeline::rel_path(d.id) + " " + *u.refused + "; row skipped");
    return;
  }
  if (u.deal == old.deal) {
    ++w.skipped;
    return;
  }
  ++w.updated;
  if (o.dry_run) {  // every change, per deal
    *ctx.out << d.id << ":\n";
    for (const auto& c : u.changes) *ctx.out << "  " << c << "\n";
  }
  w.deals.push_back(std::move(u.deal));
  w.old.resize(w.deals.size());
  w.old.back() = std::move(old);
}

// New won or lost deals without a closed date: dated on their created date, which makes
// a sales cycle of 0 days; worth a word. (An update dates its stage change today.)
void warn_undated_closes(Context& ctx, const Opts& o, const std::vector<int>& u) {
  if (u.empty()) return;
  std::string lines;
  for (size_t i = 0; i < u.size() && i < 5; ++i) lines += (i ? ", " : "") + std::to_string(u[i]);
  if (u.size() > 5) lines += ", ...";
  ctx.warn(o.file + ": " + std::to_string(u.size()) + " won or lost row" +
           (u.size() == 1 ? " has" : "s have") + " no closed date (line" +
           (u.size() == 1 ? " " : "s ") + lines +
           "): closed on the created date, a sales cycle of 0 days; give the date in a "
           "'closed' column (or --map closed=COLUMN)");
}

Writes sort_out(Context& ctx, const Opts& o, ImportPlan& plan) {
  Pipeline& p = ctx.pipeline();
  Writes w;
  std::vector<int> undated;
  for (size_t i = 0; i < plan.deals.size(); ++i) {
    Deal& d = plan.deals[i];
    if (!p.exists(d.id)) {
      ++w.created;
      const auto& u = plan.undated_closes;
      if (std::find(u.begin(), u.end(), plan.lines[i]) != u.end()) undated.push_back(plan.lines[i]);
      if (o.dry_run) *ctx.out << d.id << ": new, " << d.stage << "\n";
      w.deals.push_back(std::move(d));
    } else if (o.update) {
      update_existing(ctx, o, d, w);
    } else {
      ++w.skipped;
      ctx.warn(Pipeline::rel_path(d.id) + " exists; skipped (use --update to replace it)");
    }
  }
  warn_undated_closes(ctx, o, undated);
  return w;
}

int run(Context& ctx, const Opts& o) {
  ImportOptions options = import_options(o);
  std::optional<char> delimiter;
  if (!o.delimiter.empty()) delimiter = delimiter_arg(o.delimiter);
  Pipeline& p = ctx.pipeline();
  std::vector<CsvRow> rows = read_rows(o, delimiter);
  std::vector<std::pair<int, std::vector<std::string>>> records;
  records.reserve(rows.size());
  for (size_t i = 1; i < rows.size(); ++i)
    records.emplace_back(rows[i].line, std::move(rows[i].fields));
  ImportPlan plan = plan_import(rows[0].fields, records, options, p.config(), ctx.today);
  if (!plan.unused.empty()) {
    std::string cols;
    for (const auto& c : plan.unused) cols += (cols.empty() ? "" : ", ") + sanitize(c);
    ctx.warn(o.file + ": ignoring columns: " + cols + " (map them with --map FIELD=COLUMN)");
  }
  report_oversized(plan, p.config());
  refuse_bad_rows(ctx, o, plan);
  if (!o.dry_run) p.lock();
  Writes w = sort_out(ctx, o, plan);
  if (!o.dry_run) p.save_many(w.deals, w.old);
  *ctx.out << (o.dry_run ? "would import " : "imported ") << w.created << " new, " << w.updated
           << " updated, " << w.skipped << " skipped\n";
  ctx.commit_message = "import " + std::to_string(w.created) + " new, " +
                       std::to_string(w.updated) + " updated from " +
                       std::filesystem::path(o.file).filename().string();
  return 0;
}

}  // namespace

Runner setup_import(Args& args, Context& ctx) {
  auto o = std::make_shared<Opts>();
  args.positional("FILE", o->file, "CSV file (RFC 4180, header row)")
      .completes(Complete::File)
      .required();
  std::string fields;
  for (const auto& f : import_fields()) fields += (fields.empty() ? "" : ", ") + f;
  args.option("--map", o->map, "fill FIELD from COLUMN (fields: " + fields + ")")
      .text("FIELD=COLUMN");
  args.option("--stage-map", o->stage_map, "translate a stage value, e.g. Won=won")
      .text("VALUE=STAGE");
  args.option("--delimiter", o->delimiter,
              "field separator: , ; tab or | (default: guessed from the header line)")
      .text("CHAR");
  args.option("--decimal", o->decimal, "decimal mark of numbers: . (default) or , (9.500,00)")
      .text("MARK");
  args.option("--date-format", o->date_format,
              "dates as DD.MM.YYYY, MM/DD/YYYY or YYYY-MM-DD (default; always read)")
      .text("FORMAT");
  args.flag("--dry-run", o->dry_run, "validate only; write nothing");
  args.flag("--update", o->update, "update existing deals instead of skipping them");
  return [&ctx, o] { return run(ctx, *o); };
}

}  // namespace deals
