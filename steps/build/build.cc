#include "steps/build/build.h"

#include <csignal>
#include <filesystem>
#include <memory>
#include <set>

#include "common/base/strings.h"
#include "common/base/time_format.h"
#include "common/build/ec2_catalog.h"
#include "common/cli/aws_access.h"
#include "steps/build/image_runner.h"
#include "steps/build/report.h"
#include "steps/build/workspace.h"

namespace bakery::build_step {
namespace {

struct Run {
  cli::StepContext& context;
  const BuildOptions& options;
  Workspace workspace;
  ci::CiContext ci;
  std::unique_ptr<aws::AwsSession> session;
  std::unique_ptr<build::Ec2Catalog> catalog;
};

ExitCode Report(cli::StepContext& context, const Error& error) {
  context.err << "bakery-build: " << error.ToString() << "\n";
  return ExitCodeFor(error.kind);
}

Result<std::vector<build::PlanEntry>> MakePlan(Run& run) {
  build::PlanOptions plan_options{run.options.only, run.options.with_children, run.options.force,
                                  std::nullopt};
  if (!run.options.max_age.empty()) {
    Result<std::chrono::seconds> age = ParseDuration(run.options.max_age);
    if (!age) return std::unexpected(std::move(age.error()).Wrap("--max-age"));
    plan_options.max_age = *age;
  }
  build::PlanInputs inputs{&run.workspace.images, run.workspace.digests.get(), nullptr,
                           run.catalog.get(), run.context.clock.Now()};
  inputs.discover = [&run](const build::ImageSpec& image) -> Result<build::DiscoveredInputs> {
    return run.workspace.facts.at(image.name).inputs;
  };
  return build::PlanBuild(inputs, plan_options);
}

ExitCode PrintPlan(Run& run, const std::vector<build::PlanEntry>& plan) {
  nlohmann::json matrix = PlanMatrix(plan);
  if (run.options.format == "json" || run.context.common.output == cli::OutputFormat::kJson) {
    run.context.out << PlanJson(plan).dump(2) << "\n";
  } else if (run.options.format == "github-matrix") {
    run.context.out << matrix.dump() << "\n";
  } else {
    run.context.out << PlanTable(plan);
  }
  (void)run.context.ci.SetOutput("matrix", matrix.dump());
  (void)run.context.ci.SetOutput("to-build", std::to_string(matrix["include"].size()));
  return ExitCode::kOk;
}

// The AMIs of an image that is not built now: the up-to-date one per region.
std::map<std::string, std::string> ExistingAmis(Run& run, const build::ImageSpec& spec,
                                                const std::string& fingerprint) {
  std::map<std::string, std::string> amis;
  for (const std::string& region : spec.regions) {
    auto found = run.catalog->FindBuilt(region, spec.name, fingerprint);
    if (found && *found) amis[region] = (*found)->id;
  }
  return amis;
}

// Points at the template (or bakery.yml when the template is a directory).
void Annotate(Run& run, const build::ImageSpec& spec, const ImageResult& result) {
  bool file = spec.template_path.ends_with(".hcl") || spec.template_path.ends_with(".json");
  ci::Annotation annotation;
  std::vector<std::string> tail(
      result.last_lines.end() - std::min<ptrdiff_t>(10, std::ssize(result.last_lines)),
      result.last_lines.end());
  annotation.message = fmt::format("{}\n\nLast lines of Packer's output:\n{}", result.error,
                                   Join(tail, "\n"));
  annotation.file = file ? spec.template_path : run.workspace.config.path;
  if (!file) {
    const config::ImageConfig* image = run.workspace.config.FindImage(spec.name);
    annotation.line = image ? image->line : 0;
  }
  annotation.title = fmt::format("bakery-build: image {} failed", spec.name);
  run.context.ci.Annotate(annotation);
}

ImageOutcome BuildOne(Run& run, ImageRunner& runner, const build::PlanEntry& entry,
                      const build::ImageSpec& spec,
                      const std::map<std::string, ImageOutcome>& done) {
  ImageOutcome outcome{entry.name, ImageStatus::kSkipped, entry.reason, entry.fingerprint,
                       run.ci.version, entry.parent};
  if (!entry.parent.empty()) {
    const ImageOutcome& parent = done.at(entry.parent);
    if (parent.status == ImageStatus::kFailed || parent.status == ImageStatus::kNotAttempted ||
        parent.amis.empty()) {
      outcome.status = ImageStatus::kNotAttempted;
      outcome.reason = fmt::format("parent {} has no image ({})", entry.parent, parent.reason);
      return outcome;
    }
  }
  // Packer runs in the template's directory (path.root is "."), so relative
  // paths in templates start there, as bakery-validate checks them.
  std::filesystem::path template_path = run.workspace.root + spec.template_path;
  bool is_dir = std::filesystem::is_directory(template_path);
  ImageJob job{.spec = &spec,
               .fingerprint = entry.fingerprint,
               .template_path = is_dir ? "." : template_path.filename().string(),
               .working_dir = is_dir ? template_path.string()
                                     : template_path.parent_path().string(),
               .repo_root = run.workspace.root,
               .declared_variables = run.workspace.facts[spec.name].declared_variables,
               .needs_init = run.workspace.facts[spec.name].needs_init,
               .parent_amis = entry.parent.empty() ? std::map<std::string, std::string>{}
                                                   : done.at(entry.parent).amis,
               .version = run.ci.version,
               .build_id = run.ci.run_id};
  run.context.ci.BeginGroup(fmt::format("build {} ({})", spec.name, entry.reason));
  ImageResult result = runner.Build(job);
  run.context.ci.EndGroup();
  outcome.attempts = result.attempts;
  outcome.source_ami = result.source_ami;
  if (result.ok) {
    outcome.status = ImageStatus::kBuilt;
    outcome.amis = result.amis;
    return outcome;
  }
  outcome.status = ImageStatus::kFailed;
  outcome.reason = result.interrupted ? "interrupted" : result.error;
  outcome.interrupted_by = result.interrupted ? result.forwarded_signal : 0;
  if (!result.interrupted) Annotate(run, spec, result);
  return outcome;
}

Result<void> WriteRecord(Run& run, const std::vector<ImageOutcome>& outcomes) {
  std::filesystem::path record(run.options.record);
  if (record.has_parent_path()) std::filesystem::create_directories(record.parent_path());
  if (Result<void> written = run.context.fs.WriteFile(
          run.options.record, RecordJson(outcomes, run.ci).dump(2) + "\n");
      !written) {
    return written;
  }
  nlohmann::json images = nlohmann::json::object();
  std::vector<std::string> built, skipped;
  for (const ImageOutcome& outcome : outcomes) {
    images[outcome.name] = {{"status", StatusName(outcome.status)}, {"amis", outcome.amis}};
    if (outcome.status == ImageStatus::kBuilt) built.push_back(outcome.name);
    if (outcome.status == ImageStatus::kSkipped) skipped.push_back(outcome.name);
  }
  (void)run.context.ci.SetOutput("images", images.dump());
  (void)run.context.ci.SetOutput("built", Join(built, ","));
  (void)run.context.ci.SetOutput("skipped", Join(skipped, ","));
  if (built.size() == 1) {
    const ImageOutcome& only = *std::find_if(outcomes.begin(), outcomes.end(), [](auto& o) {
      return o.status == ImageStatus::kBuilt;
    });
    if (only.amis.size() == 1) (void)run.context.ci.SetOutput("ami-id", only.amis.begin()->second);
  }
  (void)run.context.ci.AppendSummary(SummaryMarkdown(outcomes, run.ci));
  return {};
}

Result<std::vector<ImageOutcome>> Execute(Run& run, const std::vector<build::PlanEntry>& plan,
                                          int& interrupted_by) {
  Result<packer::PackerVersion> version =
      packer::DetectPackerVersion(run.context.processes, run.options.packer);
  if (!version) {
    return std::unexpected(std::move(version.error()).Wrap(
        "bakery-build runs Packer; install it (scripts/install-deps) or pass --packer PATH"));
  }
  Result<std::chrono::seconds> delay = ParseDuration(run.options.retry_delay);
  if (!delay) return std::unexpected(std::move(delay.error()).Wrap("--retry-delay"));
  RunnerSettings settings{run.options.packer, *version, static_cast<int>(run.options.retries)};
  settings.retry_delay = *delay;
  settings.tag_prefix = run.workspace.config.tag_prefix;
  ImageRunner runner(run.context, run.session.get(), run.ci, settings);
  std::map<std::string, ImageOutcome> done;
  std::vector<ImageOutcome> outcomes;
  for (const build::PlanEntry& entry : plan) {
    const build::ImageSpec& spec = *std::find_if(
        run.workspace.images.begin(), run.workspace.images.end(),
        [&](const build::ImageSpec& image) { return image.name == entry.name; });
    ImageOutcome outcome{entry.name, ImageStatus::kSkipped, entry.reason, entry.fingerprint,
                         entry.existing ? entry.existing->version : run.ci.version, entry.parent};
    if (interrupted_by != 0) {
      outcome.status = ImageStatus::kNotAttempted;
      outcome.reason = "the build was interrupted";
    } else if (entry.action == build::PlanAction::kBuild && entry.selected) {
      outcome = BuildOne(run, runner, entry, spec, done);
      interrupted_by = outcome.interrupted_by;
    } else {
      outcome.amis = ExistingAmis(run, spec, entry.fingerprint);
    }
    run.context.ci.Info(fmt::format("{}: {} — {}", outcome.name, StatusName(outcome.status),
                                    outcome.reason));
    done[entry.name] = outcome;
    outcomes.push_back(std::move(outcome));
  }
  return outcomes;
}

void DetectCiContext(Run& run) {
  ci::RepositoryGitSource git(run.workspace.root);
  run.ci = ci::DetectContext(run.context.env, run.context.fs, git,
                             {run.context.common.commit, run.context.common.branch});
  for (const std::string& warning : run.ci.warnings) run.context.ci.Info("warning: " + warning);
}

Result<Run*> Prepare(Run& run) {
  Result<Workspace> workspace = OpenWorkspace(run.context);
  if (!workspace) return std::unexpected(std::move(workspace.error()));
  run.workspace = std::move(*workspace);
  Result<std::unique_ptr<aws::AwsSession>> session = cli::OpenAwsSession(run.context);
  if (!session) return std::unexpected(std::move(session.error()));
  run.session = std::move(*session);
  std::vector<std::string> families;
  for (const build::ImageSpec& image : run.workspace.images) families.push_back(image.name);
  run.catalog = std::make_unique<build::Ec2Catalog>(*run.session, run.workspace.config.tag_prefix,
                                                    families);
  return &run;
}

}  // namespace

void DeclareBuildOptions(cli::StepCommand& command, BuildOptions& options) {
  command.AddList("only", &options.only, "build only these images (comma-separated); their "
                  "parents must already have an up-to-date image");
  command.AddFlag("with-children", &options.with_children,
                  "with --only: also the images built from them");
  command.AddFlag("force", &options.force, "rebuild even when an image with the fingerprint exists");
  command.AddString("max-age", &options.max_age,
                    "rebuild images whose newest AMI is older than this (e.g. 7d), for cron jobs");
  command.AddFlag("plan", &options.plan, "print what would be built and why; change nothing");
  command.AddString("format", &options.format, "with --plan: text, json or github-matrix");
  command.SetChoices("format", {"text", "json", "github-matrix"});
  command.AddInt("retries", &options.retries,
                 "retries of a Packer build that failed on a transient AWS error (default 2)");
  command.AddString("retry-delay", &options.retry_delay,
                    "wait before retrying a transient failure, doubled each time (default 15s)");
  command.AddString("packer", &options.packer, "the Packer executable (default: packer on PATH)");
  command.AddString("record", &options.record,
                    "where to write the build record (default .bakery/build.json)");
  command.AddExample("bakery build --plan", "what would be built, and why, on this commit");
  command.AddExample("bakery build --plan --format github-matrix",
                     "a matrix of the images to build, for fan-out jobs");
  command.AddExample("bakery build --max-age 7d", "the weekly rebuild for OS patches");
  command.AddExample("bakery build --only web --force", "rebuild one image");
}

ExitCode RunBuild(const BuildOptions& options, cli::StepContext& context) {
  Run run{context, options, {}, {}, nullptr, nullptr};
  if (Result<Run*> prepared = Prepare(run); !prepared) return Report(context, prepared.error());
  Result<std::vector<build::PlanEntry>> plan = MakePlan(run);
  if (!plan) return Report(context, plan.error());
  for (const build::PlanEntry& entry : *plan) {
    for (const std::string& reference : entry.unresolved) {
      context.ci.Info(fmt::format("warning: {}: {} is not static; its files are not "
                                  "fingerprinted (declare them under inputs:)", entry.name,
                                  reference));
    }
  }
  if (options.plan) return PrintPlan(run, *plan);
  // Only a build tags images: a plan skips the status pass over the whole
  // work tree that tells whether it is dirty.
  DetectCiContext(run);
  int interrupted_by = 0;
  Result<std::vector<ImageOutcome>> outcomes = Execute(run, *plan, interrupted_by);
  if (!outcomes) return Report(context, outcomes.error());
  if (Result<void> recorded = WriteRecord(run, *outcomes); !recorded) {
    return Report(context, recorded.error());
  }
  context.out << OutcomeTable(*outcomes);
  cli::ReportAwsStats(context, *run.session);
  if (interrupted_by == SIGTERM) return ExitCode::kTerminated;
  if (interrupted_by != 0) return ExitCode::kInterrupted;
  for (const ImageOutcome& outcome : *outcomes) {
    if (outcome.status == ImageStatus::kFailed || outcome.status == ImageStatus::kNotAttempted) {
      return ExitCode::kFailed;
    }
  }
  return ExitCode::kOk;
}

cli::StepSpec BuildStep() {
  auto options = std::make_shared<BuildOptions>();
  return {"build",
          "Build the images whose inputs changed, in dependency order, and tag them with their "
          "commit and branch.",
          [options](cli::StepCommand& command) { DeclareBuildOptions(command, *options); },
          [options](cli::StepContext& context) { return RunBuild(*options, context); }};
}

}  // namespace bakery::build_step
