// RAII owners for GLib/GObject handles, with the GLib transfer rule visible at the
// call site (after djcb/mu's mu-mime-object.hh; doc/design.md, "Conventions"):
//
//   auto msg = GObjectPtr<GMimeMessage>::Adopt(g_mime_parser_construct_message(p, nullptr));
//                                       // (transfer full): we now own the reference
//   auto ct = GObjectPtr<GMimeContentType>::Borrow(g_mime_object_get_content_type(obj));
//                                       // (transfer none): takes a reference of its own
//
// There is no public ref()/unref(). Non-GObject handles use DeletableUniquePtr with
// the C free function, and a gchar* result is consumed by TakeGString(gchar*&&).
#ifndef BREACHKIT_CORE_UTIL_GLIB_HANDLE_H_
#define BREACHKIT_CORE_UTIL_GLIB_HANDLE_H_

#include <memory>
#include <string>
#include <utility>

#include <glib-object.h>

namespace breachkit {

template <auto fn>
struct DeleterFromFn {
  template <typename T>
  void operator()(T* arg) const {
    if (arg) fn(arg);
  }
};

template <typename T, auto fn>
using DeletableUniquePtr = std::unique_ptr<T, DeleterFromFn<fn>>;

/// Move-only owner of one GObject reference.
template <typename T>
class GObjectPtr {
 public:
  GObjectPtr() = default;
  /// For a (transfer full) result: the reference we were given becomes ours.
  static GObjectPtr Adopt(T* p) { return GObjectPtr(p); }
  /// For a (transfer none) result: takes a reference of its own.
  static GObjectPtr Borrow(T* p) {
    if (p) g_object_ref(p);
    return GObjectPtr(p);
  }

  GObjectPtr(const GObjectPtr&) = delete;
  GObjectPtr& operator=(const GObjectPtr&) = delete;
  GObjectPtr(GObjectPtr&& other) noexcept : p_(std::exchange(other.p_, nullptr)) {}
  GObjectPtr& operator=(GObjectPtr&& other) noexcept {
    if (this != &other) {
      Reset();
      p_ = std::exchange(other.p_, nullptr);
    }
    return *this;
  }
  ~GObjectPtr() { Reset(); }

  T* get() const { return p_; }
  explicit operator bool() const { return p_ != nullptr; }

 private:
  explicit GObjectPtr(T* p) : p_(p) {}
  void Reset() {
    if (p_) g_object_unref(p_);
    p_ = nullptr;
  }
  T* p_ = nullptr;
};

/// Copies a newly allocated gchar* into a std::string and frees it.
inline std::string TakeGString(gchar*&& s) {
  if (!s) return {};
  std::string out(s);
  g_free(s);
  return out;
}

}  // namespace breachkit

#endif  // BREACHKIT_CORE_UTIL_GLIB_HANDLE_H_
