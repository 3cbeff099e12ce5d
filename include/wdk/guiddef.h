/* wmiport WDK-compatible headers: guiddef.h
 *
 * GUID and DEFINE_GUID. Data1 is 32 bits on every platform (the Windows `unsigned long` is 32-bit; on LP64 Linux it
 * would be 64, so the fixed-width type is used): sizeof(GUID) == 16, alignment 4.
 *
 * DEFINE_GUID(name, l, w1, w2, b1, ..., b8) declares `extern const GUID name` by default. When <initguid.h> has
 * been included first (it defines INITGUID), DEFINE_GUID defines the GUID instead. As with the WDK's selectany
 * definition, several translation units may define the same GUID: the definition is a weak symbol.
 * The DEFINE_GUID part of this header is outside the include guard so that including <initguid.h> after this
 * header switches the macro to the defining form.
 */
#ifndef WMIPORT_WDK_GUIDDEF_H_
#define WMIPORT_WDK_GUIDDEF_H_

#include <stdint.h>
#include <string.h>

#ifndef GUID_DEFINED
#define GUID_DEFINED
typedef struct _GUID {
  uint32_t Data1;
  uint16_t Data2;
  uint16_t Data3;
  uint8_t Data4[8];
} GUID;
#endif

#ifdef __cplusplus
static_assert(sizeof(GUID) == 16, "GUID is 16 bytes");
static_assert(alignof(GUID) == 4, "GUID is 4-aligned");
#else
_Static_assert(sizeof(GUID) == 16, "GUID is 16 bytes");
_Static_assert(_Alignof(GUID) == 4, "GUID is 4-aligned");
#endif

#ifndef EXTERN_C
#ifdef __cplusplus
#define EXTERN_C extern "C"
#else
#define EXTERN_C extern
#endif
#endif

/* __declspec(selectany): one definition kept when several objects define the same data. */
#ifndef DECLSPEC_SELECTANY
#define DECLSPEC_SELECTANY __attribute__((weak))
#endif

typedef GUID* LPGUID;
typedef const GUID* LPCGUID;
typedef GUID IID;
typedef IID* LPIID;
typedef GUID CLSID;
typedef CLSID* LPCLSID;
typedef GUID FMTID;
typedef FMTID* LPFMTID;

#ifdef __cplusplus
#define REFGUID const GUID&
#define REFIID const IID&
#define REFCLSID const IID&
#define REFFMTID const IID&
#else
#define REFGUID const GUID*
#define REFIID const IID*
#define REFCLSID const IID*
#define REFFMTID const IID*
#endif

#ifdef __cplusplus
inline int InlineIsEqualGUID(REFGUID a, REFGUID b) {
  return memcmp(&a, &b, sizeof(GUID)) == 0;
}
inline int IsEqualGUID(REFGUID a, REFGUID b) {
  return memcmp(&a, &b, sizeof(GUID)) == 0;
}
inline bool operator==(REFGUID a, REFGUID b) {
  return IsEqualGUID(a, b) != 0;
}
inline bool operator!=(REFGUID a, REFGUID b) {
  return !(a == b);
}
#else
#define InlineIsEqualGUID(rguid1, rguid2) (memcmp((rguid1), (rguid2), sizeof(GUID)) == 0)
#define IsEqualGUID(rguid1, rguid2) (memcmp((rguid1), (rguid2), sizeof(GUID)) == 0)
#endif
#define IsEqualIID(riid1, riid2) IsEqualGUID(riid1, riid2)
#define IsEqualCLSID(rclsid1, rclsid2) IsEqualGUID(rclsid1, rclsid2)

#endif /* WMIPORT_WDK_GUIDDEF_H_ */

/* Re-evaluated on every inclusion (see the comment at the top). */
#ifdef DEFINE_GUID
#undef DEFINE_GUID
#endif
#ifdef INITGUID
#ifdef __cplusplus
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) \
  EXTERN_C const GUID DECLSPEC_SELECTANY name = {l, w1, w2, {b1, b2, b3, b4, b5, b6, b7, b8}}
#else
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) \
  const GUID DECLSPEC_SELECTANY name = {l, w1, w2, {b1, b2, b3, b4, b5, b6, b7, b8}}
#endif
#else
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) EXTERN_C const GUID name
#endif
