/* The floor set by the MIME library: GMime alone parses an mbox and extracts what ingest
 * needs from each message — every address of the address headers, the subject, and the
 * text of each text part decoded to UTF-8 — and does nothing with it but count. No
 * detection, no storage. tests/bench/pipeline_bench.py compares `breachkit ingest` to it.
 *
 *   gmime_floor FILE.mbox|MAILDIR     prints: messages addresses text_bytes
 */
#include <gmime/gmime.h>
#include <stdio.h>
#include <stdlib.h>
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

/* Every message of `parser` (an mbox, or the one message of a file): its addresses, subject
 * and texts. */
static long read_messages(GMimeParser *parser, int one, Counts *c) {
  long messages = 0;
  while (!g_mime_parser_eos(parser) && !(one && messages == 1)) {
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
          count_list(list, c);
          g_object_unref(list);
        }
      }
    }
    const char *subject = g_mime_message_get_subject(m);
    c->text_bytes += subject ? (long)strlen(subject) : 0;
    g_mime_message_foreach(m, visit, c);
    g_object_unref(m);
  }
  return messages;
}

static long read_file(const char *path, GMimeFormat format, Counts *c) {
  GMimeStream *stream = g_mime_stream_file_open(path, "r", NULL);
  if (!stream) {
    fprintf(stderr, "%s: cannot open\n", path);
    exit(1);
  }
  GMimeParser *parser = g_mime_parser_new_with_stream(stream);
  g_mime_parser_set_format(parser, format);
  long messages = read_messages(parser, format == GMIME_FORMAT_MESSAGE, c);
  g_object_unref(parser);
  g_object_unref(stream);
  return messages;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s FILE.mbox|MAILDIR\n", argv[0]);
    return 1;
  }
  g_mime_init();
  Counts c = {0, 0};
  long messages = 0;
  if (g_file_test(argv[1], G_FILE_TEST_IS_DIR)) {
    /* A Maildir: each file of cur/ and new/ is a message, in name order as a reader lists them. */
    const char *subs[] = {"cur", "new"};
    for (size_t s = 0; s < 2; s++) {
      char *dir_path = g_build_filename(argv[1], subs[s], NULL);
      GDir *dir = g_dir_open(dir_path, 0, NULL);
      if (dir) {
        GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
        for (const char *name; (name = g_dir_read_name(dir)) != NULL;)
          g_ptr_array_add(names, g_strdup(name));
        g_dir_close(dir);
        g_ptr_array_sort(names, (GCompareFunc)g_strcmp0);
        for (guint i = 0; i < names->len; i++) {
          char *file = g_build_filename(dir_path, g_ptr_array_index(names, i), NULL);
          messages += read_file(file, GMIME_FORMAT_MESSAGE, &c);
          g_free(file);
        }
        g_ptr_array_unref(names);
      }
      g_free(dir_path);
    }
  } else {
    messages = read_file(argv[1], GMIME_FORMAT_MBOX, &c);
  }
  printf("%ld %ld %ld\n", messages, c.addresses, c.text_bytes);
  g_mime_shutdown();
  return 0;
}
