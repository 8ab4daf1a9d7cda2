#include "steps/build/image_runner.h"

#include <regex>

#include "common/base/time_format.h"
#include "common/ci/progress.h"

namespace bakery::build_step {
namespace {

std::map<std::string, std::string> ChildEnvironment(const Env& env) {
  std::map<std::string, std::string> vars = env.All();
  // Packer's plugin downloads are rate limited without a token (issue: init).
  if (auto token = env.GetNonEmpty("GITHUB_TOKEN"); token && !vars.contains("PACKER_GITHUB_API_TOKEN")) {
    vars["PACKER_GITHUB_API_TOKEN"] = *token;
  }
  vars.try_emplace("CHECKPOINT_DISABLE", "1");
  return vars;
}

}  // namespace

std::map<std::string, std::string> PackerVariables(const ImageJob& job, const ci::CiContext& ci) {
  std::map<std::string, std::string> vars;
  auto offer = [&](const std::string& name, const std::string& value) {
    if (job.declared_variables.contains(name) && !value.empty()) vars[name] = value;
  };
  offer("bakery_version", job.version);
  offer("bakery_commit", ci.commit);
  offer("bakery_branch", ci.branch);
  offer("bakery_build_id", job.build_id);
  if (!job.spec->parent_variable.empty() && !job.spec->regions.empty()) {
    auto parent = job.parent_amis.find(job.spec->regions.front());
    if (parent != job.parent_amis.end()) vars[job.spec->parent_variable] = parent->second;
  }
  for (const auto& [name, value] : job.spec->variables) vars[name] = value;
  return vars;
}

std::string SourceAmiFrom(const std::vector<std::string>& lines) {
  static const std::regex kFound(R"(Found Image ID: (ami-[0-9a-f]+))");
  std::smatch match;
  for (const std::string& line : lines) {
    if (std::regex_search(line, match, kFound)) return match[1];
  }
  return "";
}

ImageRunner::ImageRunner(cli::StepContext& context, aws::AwsSession* session,
                         const ci::CiContext& ci, RunnerSettings settings)
    : context_(context), session_(session), ci_(ci), settings_(std::move(settings)) {}

packer::PackerBuildSpec ImageRunner::Spec(const ImageJob& job) const {
  packer::PackerBuildSpec spec;
  spec.packer = settings_.packer;
  spec.template_path = job.template_path;
  spec.working_dir = job.working_dir;
  spec.variables = PackerVariables(job, ci_);
  for (const std::string& file : job.spec->var_files) spec.var_files.push_back(job.repo_root + file);
  spec.extra_args = job.spec->packer_args;
  spec.env = ChildEnvironment(context_.env);
  return spec;
}

Result<packer::PackerBuildResult> ImageRunner::RunOnce(const ImageJob& job, int attempt,
                                                       std::string& source_ami) {
  packer::PackerBuildSpec spec = Spec(job);
  std::string subject = fmt::format("build {}", job.spec->name);
  ci::ProgressTicker ticker(subject, context_.clock, settings_.progress_interval,
                            [this](const std::string& line) { context_.ci.Info(line); });
  auto on_line = [&](const std::string& text) {
    if (source_ami.empty()) source_ami = SourceAmiFrom({text});
    ticker.Touch();
    ticker.SetPhase("last: " + text.substr(0, 80));
    context_.ci.Info(fmt::format("[{}] {}", ticker.Elapsed(), text));
  };
  if (attempt > 1) context_.ci.Info(fmt::format("{}: attempt {}", subject, attempt));
  return packer::RunPackerBuild(context_.processes, spec, on_line);
}

Result<void> ImageRunner::TagEverywhere(const ImageJob& job, ImageResult& result) {
  if (!session_) return {};
  build::ImageOrigin origin{job.spec->name, job.version, job.fingerprint, "", result.source_ami,
                            FormatIso8601(context_.clock.Now())};
  for (const auto& [region, ami] : result.amis) {
    auto parent = job.parent_amis.find(region);
    origin.parent_ami = parent == job.parent_amis.end() ? "" : parent->second;
    aws::Ec2 ec2 = session_->Ec2In(region);
    if (Result<void> tagged = ec2.CreateTags({ami}, build::ImageTags(settings_.tag_prefix, origin,
                                                                     ci_, job.spec->tags));
        !tagged) {
      return tagged;
    }
    aws::DescribeImagesInput input;
    input.image_ids = {ami};
    Result<std::vector<aws::Image>> images = ec2.DescribeImages(input);
    if (!images) return std::unexpected(std::move(images.error()));
    std::vector<std::string> snapshots;
    for (const aws::Image& image : *images) {
      for (const std::string& id : image.SnapshotIds()) snapshots.push_back(id);
    }
    if (snapshots.empty()) continue;
    if (Result<void> tagged = ec2.CreateTags(
            snapshots, build::SnapshotTags(settings_.tag_prefix, origin, ci_, job.spec->tags));
        !tagged) {
      return tagged;
    }
  }
  return {};
}

ImageResult ImageRunner::Build(const ImageJob& job) {
  ImageResult result;
  if (job.needs_init && settings_.version.SupportsInit()) {
    if (Result<void> init = packer::RunPackerInit(context_.processes, Spec(job)); !init) {
      result.error = init.error().message;
      return result;
    }
  }
  for (int attempt = 1; attempt <= settings_.retries + 1; ++attempt) {
    result.attempts = attempt;
    Result<packer::PackerBuildResult> ran = RunOnce(job, attempt, result.source_ami);
    if (!ran) {
      result.error = ran.error().message;
      return result;
    }
    result.last_lines = ran->last_lines;
    result.forwarded_signal = ran->process.forwarded_signal;
    if (ran->Succeeded()) {
      for (const packer::Artifact& artifact : ran->artifacts) {
        for (const auto& ami : artifact.amis) result.amis[ami.region] = ami.ami_id;
      }
      if (result.amis.empty()) {
        result.error = "packer build succeeded but reported no AMI artifact";
        return result;
      }
      if (Result<void> tagged = TagEverywhere(job, result); !tagged) {
        result.error = "tagging the new AMIs: " + tagged.error().message;
        return result;
      }
      result.ok = true;
      return result;
    }
    result.interrupted = ran->process.forwarded_signal != 0;
    if (!ran->build_errors.empty()) {
      result.error = ran->build_errors.back();
    } else if (!ran->errors.empty()) {
      result.error = ran->errors.back();
    } else {
      result.error = "packer build failed (" + ran->process.Describe() + ")";
    }
    if (result.interrupted || !ran->transient || attempt > settings_.retries) return result;
    auto delay = settings_.retry_delay * (1 << (attempt - 1));
    context_.ci.Info(fmt::format("{}: transient AWS failure, retrying in {}: {}", job.spec->name,
                                 FormatDuration(std::chrono::duration_cast<std::chrono::seconds>(delay)),
                                 result.error));
    context_.clock.SleepFor(std::chrono::duration_cast<Duration>(delay));
  }
  return result;
}

}  // namespace bakery::build_step
