/* The floor set by the MIME library: GMime alone parses an mbox and extracts what ingest
 * needs from each message — every address of the address headers, the subject, and the
 * text of each text part decoded to UTF-8 — and does nothing with it but count. No
 * detection, no storage. tests/bench/pipeline_bench.py compares `breachkit ingest` to it.
 *
 *   gmime_floor FILE.mbox     prints: messages addresses text_bytes
 */
#include <gmime/gmime.h>
#include <stdio.h>
#include <string.h>

static const char *kFields[] = {"From",      "Sender",     "Reply-To",     "To",
                                "Cc",        "Bcc",        "Resent-From",  "Resent-To",
                                "Resent-Cc", "Resent-Bcc", "Delivered-To", "X-Original-To"};

typedef struct {
  long addresses;
  long text_bytes;
} Counts;

static void count_list(InternetAddressList *list, Counts *c) {
  int n = internet_address_list_length(list);
  for (int i = 0; i < n; i++) {
    InternetAddress *a = internet_address_list_get_address(list, i);
    if (INTERNET_ADDRESS_IS_GROUP(a)) {
      count_list(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(a)), c);
    } else {
      const char *addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(a));
      const char *name = internet_address_get_name(a);
      c->addresses += addr != NULL;
      c->text_bytes += name ? (long)strlen(name) : 0;
    }
  }
}

static void visit(GMimeObject *parent, GMimeObject *part, gpointer data) {
  (void)parent;
  Counts *c = data;
  if (GMIME_IS_MESSAGE_PART(part)) {
    GMimeMessage *m = g_mime_message_part_get_message(GMIME_MESSAGE_PART(part));
    if (m) g_mime_message_foreach(m, visit, data);
    return;
  }
  if (GMIME_IS_TEXT_PART(part)) {
    char *text = g_mime_text_part_get_text(GMIME_TEXT_PART(part)); /* decoded, UTF-8 */
    if (text) {
      c->text_bytes += (long)strlen(text);
      g_free(text);
    }
  }
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s FILE.mbox\n", argv[0]);
    return 1;
  }
  g_mime_init();
  GMimeStream *stream = g_mime_stream_file_open(argv[1], "r", NULL);
  if (!stream) {
    fprintf(stderr, "%s: cannot open\n", argv[1]);
    return 1;
  }
  GMimeParser *parser = g_mime_parser_new_with_stream(stream);
  g_mime_parser_set_format(parser, GMIME_FORMAT_MBOX);
  Counts c = {0, 0};
  long messages = 0;
  while (!g_mime_parser_eos(parser)) {
    GMimeMessage *m = g_mime_parser_construct_message(parser, NULL);
    if (!m) break;
    messages++;
    GMimeHeaderList *headers = g_mime_object_get_header_list(GMIME_OBJECT(m));
    for (size_t f = 0; f < sizeof kFields / sizeof *kFields; f++) {
      int n = g_mime_header_list_get_count(headers);
      for (int i = 0; i < n; i++) {
        GMimeHeader *h = g_mime_header_list_get_header_at(headers, i);
        if (g_ascii_strcasecmp(g_mime_header_get_name(h), kFields[f]) != 0) continue;
        InternetAddressList *list = internet_address_list_parse(NULL, g_mime_header_get_value(h));
        if (list) {
          count_list(list, &c);
          g_object_unref(list);
        }
      }
    }
    const char *subject = g_mime_message_get_subject(m);
    c.text_bytes += subject ? (long)strlen(subject) : 0;
    g_mime_message_foreach(m, visit, &c);
    g_object_unref(m);
  }
  g_object_unref(parser);
  g_object_unref(stream);
  printf("%ld %ld %ld\n", messages, c.addresses, c.text_bytes);
  g_mime_shutdown();
  return 0;
}
