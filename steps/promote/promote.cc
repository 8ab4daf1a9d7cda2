#include "steps/promote/promote.h"

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>

#include "common/base/strings.h"
#include "common/ci/format.h"
#include "common/cli/aws_access.h"
#include "common/config/config.h"
#include "common/report/text_table.h"
#include "steps/promote/promotion.h"

namespace bakery::promote {
namespace {

using nlohmann::json;

struct Outcome {
  Move move;
  std::string parameter;  // SSM parameter written ("" when none)
  bool parameter_changed = false;
};

Result<void> CheckOptions(const PromoteOptions& options) {
  int selections = !options.version.empty() + !options.ami.empty() + !options.from_build.empty();
  if (options.family.empty() || options.to.empty() || selections != 1) {
    return Fail(ErrorKind::kBadInput,
                "give --family F, exactly one of --version V, --ami ID or --from-build FILE, and "
                "--to CHANNEL");
  }
  std::vector<std::string> channels;
  for (const std::string& status : config::KnownStatuses()) {
    if (status != "superseded") channels.push_back(status);
  }
  for (const auto& [flag, value] : {std::pair{"--to", options.to}, {"--from", options.from}}) {
    if (value.empty() || std::ranges::find(channels, value) != channels.end()) continue;
    return Fail(ErrorKind::kBadInput, "{}: unknown channel '{}'{}; channels are {}", flag, value,
                DidYouMean(value, channels), Join(channels, ", "));
  }
  return {};
}

Result<Selection> MakeSelection(const PromoteOptions& options, cli::StepContext& context) {
  Selection selection{options.version, options.ami, {}};
  if (options.from_build.empty()) return selection;
  auto text = context.fs.ReadFile(options.from_build);
  if (!text) return std::unexpected(text.error());
  std::string version;
  auto amis = ReadBuildRecord(*text, options.from_build, options.family, version);
  if (!amis) return std::unexpected(amis.error());
  selection.amis = std::move(*amis);
  return selection;
}

Result<std::vector<RegionImages>> ListRegions(aws::AwsSession& session,
                                              const std::vector<std::string>& regions,
                                              const catalog::TagNames& names,
                                              const std::string& family) {
  std::vector<Result<std::vector<catalog::ImageRecord>>> listed(regions.size());
  {
    std::vector<std::jthread> threads;
    for (size_t i = 0; i < regions.size(); ++i) {
      threads.emplace_back([&, i] {
        aws::Ec2 ec2 = session.Ec2In(regions[i]);
        listed[i] = catalog::ListImages(ec2, names, {{family}, "", true});
      });
    }
  }
  std::vector<RegionImages> out;
  for (size_t i = 0; i < regions.size(); ++i) {
    if (!listed[i]) return std::unexpected(listed[i].error());
    out.push_back({regions[i], std::move(*listed[i])});
  }
  return out;
}

// Target first, then the previous holders: an interruption leaves two
// holders at worst (never none), and a re-run finishes the move.
Result<Outcome> Apply(aws::AwsSession& session, const Move& move, const std::string& to,
                      const catalog::TagNames& names, const std::string& parameter_template,
                      const std::string& family) {
  Outcome outcome{move, "", false};
  aws::Ec2 ec2 = session.Ec2In(move.region);
  const std::string status_key = names.Key(catalog::kStatus);
  if (move.previous_status != to) {
    if (auto ok = ec2.CreateTags({move.image.id}, {{status_key, to}}); !ok)
      return std::unexpected(ok.error());
  }
  std::vector<std::string> superseded;
  for (const auto& image : move.superseded) superseded.push_back(image.id);
  if (!superseded.empty()) {
    if (auto ok = ec2.CreateTags(superseded, {{status_key, "superseded"}}); !ok) {
      return std::unexpected(ok.error());
    }
  }
  if (parameter_template.empty()) return outcome;
  outcome.parameter = ExpandParameterName(parameter_template, family, to, move.region);
  aws::Ssm ssm = session.SsmIn(move.region);
  auto current = ssm.GetParameter(outcome.parameter);
  if (!current) return std::unexpected(current.error());
  if (*current && (*current)->value == move.image.id) return outcome;
  if (auto put = ssm.PutParameter(outcome.parameter, move.image.id); !put) {
    return std::unexpected(put.error());
  }
  outcome.parameter_changed = true;
  return outcome;
}

void Report(const std::vector<Outcome>& outcomes, const PromoteOptions& options,
            cli::StepContext& context) {
  std::vector<std::vector<std::string>> rows;
  json moves = json::array();
  json ami_ids = json::object();
  for (const Outcome& o : outcomes) {
    std::vector<std::string> superseded;
    for (const auto& image : o.move.superseded) superseded.push_back(image.id);
    bool changed = o.move.Changes(options.to) || o.parameter_changed;
    rows.push_back(
        {o.move.region, o.move.image.id, o.move.image.version.empty() ? "-" : o.move.image.version,
         (o.move.previous_status.empty() ? "none" : o.move.previous_status) + " → " + options.to,
         superseded.empty() ? "-" : Join(superseded, ", "), o.parameter.empty() ? "-" : o.parameter,
         changed ? "changed" : "unchanged"});
    moves.push_back({{"region", o.move.region},
                     {"ami_id", o.move.image.id},
                     {"version", o.move.image.version},
                     {"from", o.move.previous_status},
                     {"to", options.to},
                     {"superseded", superseded},
                     {"ssm_parameter", o.parameter},
                     {"changed", changed}});
    ami_ids[o.move.region] = o.move.image.id;
  }
  const std::vector<std::string> headers = {"REGION",     "IMAGE",         "VERSION", "STATUS",
                                            "SUPERSEDED", "SSM PARAMETER", "RESULT"};
  if (context.common.output == cli::OutputFormat::kJson) {
    context.out << json{{"family", options.family}, {"channel", options.to}, {"moves", moves}}.dump(
                       2)
                << "\n";
  } else {
    context.out << report::TextTable(headers, rows);
  }
  (void)context.ci.SetOutput("ami-ids", ami_ids.dump());
  if (outcomes.size() == 1) (void)context.ci.SetOutput("ami-id", outcomes[0].move.image.id);
  (void)context.ci.SetOutput("version", outcomes[0].move.image.version);
  (void)context.ci.AppendSummary(fmt::format("### bakery-promote: {} → {}\n\n{}", options.family,
                                             options.to, ci::MarkdownTable(headers, rows)));
}

}  // namespace

void DeclarePromoteOptions(cli::StepCommand& command, PromoteOptions& options) {
  command.AddString("family", &options.family, "the image family");
  command.AddString("version", &options.version,
                    "promote this version (its image in every region)");
  command.AddString("ami", &options.ami,
                    "promote this AMI (and its version's images in other regions)");
  command.AddString("from-build", &options.from_build,
                    "promote the AMIs of a build record (.bakery/build.json)");
  command.AddString("to", &options.to, "the channel: staging, production, tested, …");
  command.AddString("from", &options.from, "refuse unless the image is currently in this channel");
  command.AddString(
      "ssm-parameter", &options.ssm_parameter,
      "write the AMI id to this SSM parameter per region ({family}, {channel}, {region})");
  command.AddExample("bakery promote --family web --from-build .bakery/build.json --to staging",
                     "after a build and its tests");
  command.AddExample("bakery promote --family web --version 1.4.2 --from staging --to production",
                     "release what staging has");
}

ExitCode RunPromote(const PromoteOptions& options, cli::StepContext& context) {
  auto fail = [&](const Error& error) {
    context.err << "bakery-promote: " << error.ToString() << "\n";
    return ExitCodeFor(error.kind);
  };
  if (auto ok = CheckOptions(options); !ok) return fail(ok.error());
  auto config =
      config::LoadConfig(context.fs, context.common.config_path, context.common.config_given);
  if (!config) return fail(config.error());
  auto selection = MakeSelection(options, context);
  if (!selection) return fail(selection.error());
  auto session = cli::OpenAwsSession(context);
  if (!session) return fail(session.error());
  std::vector<std::string> regions =
      context.common.regions.empty() ? config->regions : context.common.regions;
  if (!selection->amis.empty() && context.common.regions.empty()) {
    regions.clear();
    for (const auto& [region, ami] : selection->amis) regions.push_back(region);
  }
  if (regions.empty()) {
    auto region = (*session)->DefaultRegion();
    if (!region) return fail(region.error());
    regions.push_back(*region);
  }
  catalog::TagNames names(config->tag_prefix);
  auto listed = ListRegions(**session, regions, names, options.family);
  if (!listed) return fail(listed.error());
  auto moves = PlanPromotion(*listed, *selection, options.family, options.to, options.from,
                             context.clock.Now());
  if (!moves) return fail(moves.error());
  std::string parameter =
      options.ssm_parameter.empty() ? config->promote_ssm_parameter : options.ssm_parameter;
  std::vector<Outcome> outcomes;
  for (const Move& move : *moves) {
    auto outcome = Apply(**session, move, options.to, names, parameter, options.family);
    if (!outcome)
      return fail(
          std::move(outcome.error()).Wrap("promoting " + move.image.id + " in " + move.region));
    outcomes.push_back(std::move(*outcome));
  }
  Report(outcomes, options, context);
  cli::ReportAwsStats(context, **session);
  return ExitCode::kOk;
}

cli::StepSpec PromoteStep() {
  auto options = std::make_shared<PromoteOptions>();
  return {"promote",
          "Move an image into a channel (status tag) in every region; the previous holder is "
          "superseded.",
          [options](cli::StepCommand& command) { DeclarePromoteOptions(command, *options); },
          [options](cli::StepContext& context) { return RunPromote(*options, context); }};
}

}  // namespace bakery::promote
