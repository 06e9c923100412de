// What `breachkit run` asks of mimalloc between its stages. Linked into the breachkit binary
// only when it is built with mimalloc (tools/CMakeLists.txt); tools/cmd_run.cc declares these
// weak, and falls back on glibc's malloc_trim when they are absent (the tests' binary, a build
// without mimalloc).
#include <mimalloc.h>

// Frees what every heap of the process keeps of what was freed (abandoned heaps of ended
// threads included) and gives what it can back to the system.
extern "C" void BreachkitCollectFreedMemory() { mi_collect(true); }

// From now on, memory freed is given back to the system at once rather than after a delay
// (mimalloc's default keeps freed pages committed for a while, to reuse them cheaply). For
// the stages after ingestion: ingestion allocates and frees far too often for it (twice its
// time on a 100 MB mbox), the later stages do not, and what they freed stayed resident into
// the next stage's peak.
extern "C" void BreachkitReturnFreedMemoryAtOnce() {
  mi_option_set(mi_option_decommit_delay, 0);
  mi_option_set(mi_option_segment_decommit_delay, 0);
}
