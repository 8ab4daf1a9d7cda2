// The machine-readable documents of a validate run: SARIF 2.1.0 (GitHub
// code scanning) and bakery's JSON.

#include <nlohmann/json.hpp>

#include "common/base/version.h"
#include "steps/validate/validate.h"

namespace bakery::validate {

namespace {

std::string_view SarifLevel(lint::Severity severity) {
  switch (severity) {
    case lint::Severity::kError:
      return "error";
    case lint::Severity::kWarning:
      return "warning";
    default:
      return "note";
  }
}

nlohmann::json SarifRules() {
  nlohmann::json rules = nlohmann::json::array();
  for (const lint::RuleInfo& rule : lint::Rules()) {
    rules.push_back(
        {{"id", rule.id},
         {"shortDescription", {{"text", rule.summary}}},
         {"help", {{"text", rule.hint}}},
         {"helpUri", "https://github.com/bakery/bakery/blob/main/docs/rules.md#" + rule.id},
         {"defaultConfiguration", {{"level", SarifLevel(rule.severity)}}}});
  }
  return rules;
}

nlohmann::json SarifLocation(const lint::Finding& finding) {
  nlohmann::json physical = {{"artifactLocation", {{"uri", finding.range.path}}}};
  if (finding.range.start.line > 0) {
    physical["region"] = {{"startLine", finding.range.start.line},
                          {"startColumn", std::max(finding.range.start.column, 1)}};
  }
  return nlohmann::json::array({{{"physicalLocation", physical}}});
}

}  // namespace

std::string ToSarif(const Report& report) {
  nlohmann::json results = nlohmann::json::array();
  for (const lint::Finding& finding : report.findings) {
    results.push_back({{"ruleId", finding.rule},
                       {"level", SarifLevel(finding.severity)},
                       {"message", {{"text", finding.message}}},
                       {"locations", SarifLocation(finding)}});
  }
  nlohmann::json driver = {{"name", "bakery-validate"},
                           {"version", std::string(Version())},
                           {"informationUri", "https://github.com/bakery/bakery"},
                           {"rules", SarifRules()}};
  nlohmann::json sarif = {
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs", nlohmann::json::array({{{"tool", {{"driver", driver}}}, {"results", results}}})}};
  return sarif.dump(2) + "\n";
}

std::string ToJson(const Report& report) {
  nlohmann::json findings = nlohmann::json::array();
  int errors = 0, warnings = 0;
  for (const lint::Finding& finding : report.findings) {
    errors += finding.severity == lint::Severity::kError;
    warnings += finding.severity == lint::Severity::kWarning;
    findings.push_back({{"rule", finding.rule},
                        {"severity", lint::SeverityName(finding.severity)},
                        {"message", finding.message},
                        {"path", finding.range.path},
                        {"line", finding.range.start.line},
                        {"column", finding.range.start.column},
                        {"hint", lint::FindRule(finding.rule)->hint}});
  }
  nlohmann::json doc = {{"templates", report.templates},
                        {"findings", findings},
                        {"errors", errors},
                        {"warnings", warnings},
                        {"notes", report.notes}};
  return doc.dump(2) + "\n";
}

}  // namespace bakery::validate
