#pragma once
// bakery-inspect --whoami: which region, endpoints and credentials bakery
// resolved, and who AWS says the caller is. Never prints a secret.

#include "common/cli/step_main.h"

namespace bakery::inspect {

ExitCode RunWhoami(cli::StepContext& context);

}  // namespace bakery::inspect
