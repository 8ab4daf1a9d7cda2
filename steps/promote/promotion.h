#pragma once
// The promotion decision as a pure function: a family's images per region
// + which image (version, AMI id or build record) + the channel → what
// moves where, or why it is refused. One holder per family, region and
// channel: the previous holder becomes `superseded`.

#include <map>
#include <string>
#include <vector>

#include "common/base/clock.h"
#include "common/base/error.h"
#include "common/catalog/catalog.h"

namespace bakery::promote {

struct Selection {
  std::string version;                      // --version
  std::string ami;                          // --ami
  std::map<std::string, std::string> amis;  // --from-build: region → AMI id
};

struct RegionImages {
  std::string region;
  std::vector<catalog::ImageRecord> images;  // the family's images in that region
};

struct Move {
  std::string region;
  catalog::ImageRecord image;                    // the image promoted
  std::string previous_status;                   // its status before
  std::vector<catalog::ImageRecord> superseded;  // previous holders of the channel
  bool Changes(const std::string& channel) const {
    return previous_status != channel || !superseded.empty();
  }
};

/// True for channels that have one holder per family and region.
bool IsExclusiveChannel(const std::string& channel);

/// Picks the image per region and checks it: kBadInput when nothing matches
/// the selection, kFailed (naming every refused image) when an image is
/// revoked, deprecated, not available, or (with `from`) not currently in
/// `from`. Regions without the version are left out.
Result<std::vector<Move>> PlanPromotion(const std::vector<RegionImages>& regions,
                                        const Selection& selection, const std::string& family,
                                        const std::string& to, const std::string& from,
                                        SystemTime now);

/// `template` with {family}, {channel} and {region} replaced.
std::string ExpandParameterName(std::string name, const std::string& family,
                                const std::string& channel, const std::string& region);

/// Reads a build record (.bakery/build.json): {"images": [{"family" or
/// "name", "version", "amis": {region: ami}}]} and returns `family`'s AMIs
/// (and its version in `version`). kBadInput with the path when the file is
/// malformed or has no such family.
Result<std::map<std::string, std::string>> ReadBuildRecord(std::string_view text,
                                                           const std::string& path,
                                                           const std::string& family,
                                                           std::string& version);

}  // namespace bakery::promote
