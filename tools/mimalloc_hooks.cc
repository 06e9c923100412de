// What `breachkit run` asks of mimalloc between its stages. Linked into the breachkit binary
// only when it is built with mimalloc (tools/CMakeLists.txt); tools/cmd_run.cc declares these
// weak, and falls back on glibc's malloc_trim when they are absent (the tests' binary, a build
// without mimalloc).
#include <mimalloc.h>

// Frees what every heap of the process keeps of what was freed (abandoned heaps of ended
// threads included) and gives it back to the system now. mimalloc keeps freed pages committed
// for a delay, to reuse them cheaply, and gives them back only when that segment is next used
// after the delay: pages a stage freed in a segment nobody touches again stayed resident into
// the next stage's peak. The delays are zero for the collection only; within a stage they are
// mimalloc's own (zero throughout made the stages after ingestion about half again slower).
extern "C" void BreachkitCollectFreedMemory() {
  const long page_delay = mi_option_get(mi_option_decommit_delay);
  const long segment_delay = mi_option_get(mi_option_segment_decommit_delay);
  mi_option_set(mi_option_decommit_delay, 0);
  mi_option_set(mi_option_segment_decommit_delay, 0);
  mi_collect(true);
  mi_option_set(mi_option_decommit_delay, page_delay);
  mi_option_set(mi_option_segment_decommit_delay, segment_delay);
}
