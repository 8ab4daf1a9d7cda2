#pragma once
// How a step opens its AWS session: the common --region/--profile/--verbose
// options applied, trace lines to stderr, and the retry/pacing statistics
// printed at the end with --verbose.

#include <memory>

#include "common/aws/session.h"
#include "common/cli/step_main.h"

namespace bakery::cli {

/// Opens the session for `context`; errors are configuration errors (exit 2).
Result<std::unique_ptr<aws::AwsSession>> OpenAwsSession(StepContext& context);

/// With --verbose, prints "aws: <stats summary>" to stderr.
void ReportAwsStats(StepContext& context, aws::AwsSession& session);

}  // namespace bakery::cli
