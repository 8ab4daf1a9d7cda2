#include "common/cli/step_main.h"
#include "steps/validate/validate.h"

int main(int argc, char** argv) {
  return bakery::cli::RunStepMain(bakery::validate::ValidateStep(), argc, argv);
}
