#pragma once
// How a retention run is reported: a text table (or the JSON document with
// --output json), step outputs, failures as annotations, and a markdown
// step summary.

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "common/cli/step_main.h"
#include "steps/retention/retention.h"

namespace bakery::retention {

/// The plan (and results) as aligned text tables plus a closing summary line.
std::string RenderText(const Report& report);
/// The JSON document of --output json, streamed one image at a time (no
/// whole-document tree: big estates make big documents).
void WriteJson(const Report& report, std::ostream& out);
/// The GitHub step summary (markdown).
std::string RenderSummary(const Report& report);
/// "plan: 2 to delete, 0 to deprecate, 5 to keep in 2 regions; dry run, nothing changed (add
/// --apply)"
std::string SummaryLine(const Report& report);

/// Writes all of the above to `context` (stdout, outputs, annotations, summary).
void WriteReport(const Report& report, cli::StepContext& context);

}  // namespace bakery::retention
