#include "common/packer/machine_readable.h"

#include <charconv>

namespace bakery::packer {
namespace {

std::string Unescape(std::string_view field) {
  static constexpr std::string_view kComma = "%!(PACKER_COMMA)";
  std::string out;
  out.reserve(field.size());
  for (size_t i = 0; i < field.size(); ++i) {
    if (field.substr(i, kComma.size()) == kComma) {
      out += ',';
      i += kComma.size() - 1;
    } else if (field[i] == '\\' && i + 1 < field.size() && field[i + 1] == 'n') {
      out += '\n';
      ++i;
    } else if (field[i] == '\\' && i + 1 < field.size() && field[i + 1] == 'r') {
      out += '\r';
      ++i;
    } else {
      out += field[i];
    }
  }
  return out;
}

}  // namespace

std::optional<MachineReadableLine> ParseMachineReadableLine(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  std::vector<std::string_view> fields;
  size_t start = 0;
  while (true) {
    size_t comma = line.find(',', start);
    fields.push_back(line.substr(start, comma == std::string_view::npos ? comma : comma - start));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  if (fields.size() < 3 || fields[0].empty() || fields[2].empty()) return std::nullopt;
  MachineReadableLine parsed;
  auto [end, ec] = std::from_chars(fields[0].data(), fields[0].data() + fields[0].size(),
                                   parsed.timestamp);
  if (ec != std::errc() || end != fields[0].data() + fields[0].size()) return std::nullopt;
  parsed.target = Unescape(fields[1]);
  parsed.type = Unescape(fields[2]);
  for (size_t i = 3; i < fields.size(); ++i) parsed.data.push_back(Unescape(fields[i]));
  return parsed;
}

std::optional<MachineReadableLine> MachineReadableParser::Feed(std::string_view text) {
  auto line = ParseMachineReadableLine(text);
  if (!line) return line;
  if (line->type == "artifact") {
    OnArtifact(*line);
  } else if (line->type == "ui" && line->data.size() >= 2 && line->data[0] == "error") {
    errors_.push_back(line->data[1]);
  } else if (line->type == "error" && !line->data.empty()) {
    errors_.push_back(line->data[0]);
    if (!line->target.empty()) build_errors_.push_back(line->data[0]);
  } else if (line->type == "version" && !line->data.empty()) {
    version_ = line->data[0];
  }
  return line;
}

void MachineReadableParser::OnArtifact(const MachineReadableLine& line) {
  if (line.data.size() < 2) return;
  auto key = std::make_pair(line.target, line.data[0]);
  Artifact& artifact = open_[key];
  artifact.build = line.target;
  const std::string& field = line.data[1];
  const std::string value = line.data.size() >= 3 ? line.data[2] : "";
  if (field == "builder-id") artifact.builder_id = value;
  else if (field == "id") artifact.id = value;
  else if (field == "string") artifact.description = value;
  if (field != "end" && field != "nil") return;
  if (!artifact.id.empty()) {
    artifact.amis = ParseArtifactId(artifact.id).value_or(std::vector<RegionalAmi>{});
    artifacts_.push_back(std::move(artifact));
  }
  open_.erase(key);
}

}  // namespace bakery::packer
