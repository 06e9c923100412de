#include "core/mail/mail_writer.h"

#include <gmime/gmime.h>

#include "core/mail/mime_parser.h"
#include "core/util/glib_handle.h"

namespace breachkit {

Result<std::string> BuildMail(const OutgoingMail& m) {
  InitMime();
  auto message = GObjectPtr<GMimeMessage>::Adopt(g_mime_message_new(TRUE));
  g_mime_message_add_mailbox(message.get(), GMIME_ADDRESS_TYPE_FROM, m.from_name.c_str(),
                             m.from_address.c_str());
  g_mime_message_add_mailbox(message.get(), GMIME_ADDRESS_TYPE_TO, m.to_name.c_str(),
                             m.to_address.c_str());
  g_mime_message_set_subject(message.get(), m.subject.c_str(), "utf-8");
  DeletableUniquePtr<GDateTime, g_date_time_unref> date(g_date_time_new_from_unix_utc(m.date));
  g_mime_message_set_date(message.get(), date.get());
  g_mime_message_set_message_id(message.get(), (m.tag + "@breachkit.invalid").c_str());

  auto text = GObjectPtr<GMimeTextPart>::Adopt(g_mime_text_part_new_with_subtype("plain"));
  g_mime_text_part_set_text(text.get(), m.body.c_str());

  auto attachment = GObjectPtr<GMimePart>::Adopt(g_mime_part_new());
  GMimeContentType* type = g_mime_content_type_parse(nullptr, m.attachment_type.c_str());
  g_mime_object_set_content_type(GMIME_OBJECT(attachment.get()), type);
  g_object_unref(type);  // the part keeps its own reference
  g_mime_part_set_filename(attachment.get(), m.attachment_name.c_str());
  auto stream = GObjectPtr<GMimeStream>::Adopt(
      g_mime_stream_mem_new_with_buffer(m.attachment.data(), m.attachment.size()));
  auto wrapper = GObjectPtr<GMimeDataWrapper>::Adopt(
      g_mime_data_wrapper_new_with_stream(stream.get(), GMIME_CONTENT_ENCODING_DEFAULT));
  g_mime_part_set_content(attachment.get(), wrapper.get());
  g_mime_part_set_content_encoding(attachment.get(), GMIME_CONTENT_ENCODING_BASE64);

  auto multipart = GObjectPtr<GMimeMultipart>::Adopt(g_mime_multipart_new_with_subtype("mixed"));
  g_mime_multipart_set_boundary(multipart.get(), ("=_bk_" + m.tag).c_str());
  g_mime_multipart_add(multipart.get(), GMIME_OBJECT(text.get()));
  g_mime_multipart_add(multipart.get(), GMIME_OBJECT(attachment.get()));
  g_mime_message_set_mime_part(message.get(), GMIME_OBJECT(multipart.get()));
  return TakeGString(g_mime_object_to_string(GMIME_OBJECT(message.get()), nullptr));
}

}  // namespace breachkit
