#include "steps/retention/interrupt.h"

#include <atomic>
#include <csignal>

namespace bakery::retention {
namespace {

std::atomic<int> received{0};
struct sigaction old_int, old_term;

extern "C" void OnSignal(int signal_number) { received.store(signal_number); }

}  // namespace

InterruptGuard::InterruptGuard() {
  received.store(0);
  struct sigaction action {};
  action.sa_handler = OnSignal;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGINT, &action, &old_int);
  ::sigaction(SIGTERM, &action, &old_term);
}

InterruptGuard::~InterruptGuard() {
  ::sigaction(SIGINT, &old_int, nullptr);
  ::sigaction(SIGTERM, &old_term, nullptr);
}

int InterruptGuard::Received() { return received.load(); }

}  // namespace bakery::retention
