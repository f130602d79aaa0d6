// deals add TITLE [--company C] ... : a new deal, its id printed on stdout.
#include "cli/cmd_util.hpp"
#include "cli/commands.hpp"
#include "core/error.hpp"
#include "core/lifecycle.hpp"
#include "core/new_deal.hpp"
#include "core/text.hpp"

namespace deals {
namespace {

struct Opts {
  std::string title, company, contact, email, phone, value, currency, source, expected_close, next,
      due, stage, on, id;
  std::vector<std::string> tags;
  Arg* id_option = nullptr;  // to tell `--id ''` from no --id
};

std::string choose_id(const Pipeline& p, const Opts& o) {
  if (o.id_option && o.id_option->given()) {
    if (!valid_id(o.id))
      throw usage_error("--id: invalid id '" + sanitize(o.id) +
                        "' (lowercase letters, digits and '-', starting with a letter or digit, "
                        "at most 64)");
    if (p.exists(o.id))
      throw Error("deal '" + o.id + "' already exists (" + Pipeline::rel_path(o.id) + ")");
    return o.id;
  }
  return first_free_id(id_base(opt(o.company), o.title),
                       [&](const std::string& id) { return p.exists(id); });
}

int run(Context& ctx, const Opts& o) {
  Pipeline& p = ctx.pipeline();
  const Config& config = p.config();
  if (is_blank(o.title)) throw usage_error("TITLE must not be empty or blank");
  Deal d;
  d.title = o.title;
  d.company = opt(o.company);
  d.contact.name = opt(o.contact);
  d.contact.email = opt(o.email);
  d.contact.phone = opt(o.phone);
  d.source = opt(o.source);
  if (!o.value.empty()) d.value = amount_arg(o.value, "--value");
  if (!o.currency.empty()) {
    std::string code = currency_arg(o.currency, "--currency");
    if (code != config.currency) d.currency = code;
  }
  d.stage = o.stage.empty() ? config.first_stage() : o.stage;
  require_known_stage(config, d.stage, false);  // a deal is closed by won/lost
  d.created = ctx.event_date_arg(o.on);
  if (!o.expected_close.empty())
    d.expected_close = ctx.date_arg(o.expected_close, "--expected-close");
  for (const auto& t : o.tags)
    if (!t.empty() && std::find(d.tags.begin(), d.tags.end(), t) == d.tags.end())
      d.tags.push_back(t);
  if (!o.next.empty()) {
    d.next = NextAction{o.next, {}, {}};
    if (!o.due.empty()) d.next->due = ctx.date_arg(o.due, "--due");
  } else if (!o.due.empty()) {
    throw usage_error("--due needs --next ACTION");
  }
  d.history = initial_history(d, config);
  p.lock();
  d.id = choose_id(p, o);
  p.save(d);
  ctx.commit_message = "add " + d.id;
  *ctx.out << d.id << "\n";
  return 0;
}

}  // namespace

Runner setup_add(Args& args, Context& ctx) {
  auto o = std::make_shared<Opts>();
  args.positional("TITLE", o->title, "what the deal is about").required();
  args.option("--company", o->company, "client company").text("C");
  args.option("--contact", o->contact, "contact person's name").text("NAME");
  args.option("--email", o->email, "contact e-mail").text("E");
  args.option("--phone", o->phone, "contact phone").text("P");
  args.option("--value", o->value, "deal value (a non-negative number)").text("N");
  args.option("--currency", o->currency, "currency, when not the pipeline's").text("C");
  args.option("--source", o->source, "lead source (referral, website, ...)").text("S");
  // One value per --tag, taken literally ("[x]" is a tag, not a list).
  args.option("--tag", o->tags, "a tag (repeatable)").text("T").one_value();
  args.option("--expected-close", o->expected_close, "expected close date").text("DATE");
  args.option("--next", o->next, "the next action").text("ACTION");
  args.option("--due", o->due, "due date of the next action").text("DATE");
  args.option("--stage", o->stage, "starting stage (default: the first)")
      .text("S")
      .completes(Complete::OpenStage);
  args.option("--on", o->on, "creation date (default today)").text("DATE");
  o->id_option =
      &args.option("--id", o->id, "the id (default: slug of company and title)").text("ID");
  return [&ctx, o] { return run(ctx, *o); };
}

}  // namespace deals
