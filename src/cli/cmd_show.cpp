// deals show ID [--format text|json|yaml]
#include "cli/cmd_util.hpp"
#include "cli/commands.hpp"

namespace deals {
namespace {

struct Opts {
  std::string id;
};

int run(Context& ctx, const Opts& o) {
  Format f = ctx.format;
  Pipeline& p = ctx.pipeline();
  StoredDeal s = p.load(p.resolve(o.id));
  if (f == Format::Yaml) {
    *ctx.out << s.bytes;
    return 0;
  }
  Derived d = derive(s.deal, p.config(), ctx.today);
  if (f == Format::Json) {
    Json j;
    deal_json(j, s.deal, d, p.config(), true);
    *ctx.out << j.str();
  } else {
    *ctx.out << show_text(s.deal, d, p.config(), ctx.style);
  }
  return 0;
}

}  // namespace

Runner setup_show(Args& args, Context& ctx) {
  auto o = std::make_shared<Opts>();
  args.positional("ID", o->id, "deal id or unique prefix").completes(Complete::Id).required();
  args.format();
  return [&ctx, o] { return run(ctx, *o); };
}

}  // namespace deals
