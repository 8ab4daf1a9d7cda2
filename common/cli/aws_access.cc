#include "common/cli/aws_access.h"

#include <memory>
#include <mutex>

namespace bakery::cli {

Result<std::unique_ptr<aws::AwsSession>> OpenAwsSession(StepContext& context) {
  aws::SessionOptions options;
  if (!context.common.regions.empty()) options.region = context.common.regions.front();
  options.profile = context.common.profile;
  if (context.common.verbose) {
    std::ostream* err = &context.err;
    // Regions run in parallel: one locked write per line keeps lines whole.
    auto mutex = std::make_shared<std::mutex>();
    options.trace = [err, mutex](const std::string& line) {
      std::lock_guard lock(*mutex);
      *err << ("aws: " + line + "\n") << std::flush;
    };
  }
  aws::SessionDeps deps{&context.env, &context.fs, &context.clock, &context.processes, nullptr};
  return aws::AwsSession::Create(deps, options);
}

void ReportAwsStats(StepContext& context, aws::AwsSession& session) {
  if (!context.common.verbose) return;
  context.err << "aws: " << session.client().Stats().Summary() << "\n";
}

}  // namespace bakery::cli
