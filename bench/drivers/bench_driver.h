/* Shared between the bench drivers (bench/drivers/) and the benchmarks: GUIDs, block kinds, and the control
 * block each driver exports (found with dlsym) so the benchmarks can shape the next device and call the driver's
 * own fill routine directly (the "direct call" baseline). */
#ifndef WMIPORT_BENCH_DRIVER_H_
#define WMIPORT_BENCH_DRIVER_H_

#include <stdint.h>

/* WDM bench driver: block k of device serial s has GUID {be4c0000+k-(s>>16)-(s&0xffff)-8000-000000000000}, so every
 * block of every device has its own GUID (routing looks up one GUID among all registered ones). */
#define BENCH_GUID_DATA1(k) (0xbe4c0000u + (k))

enum {
  BENCH_SINGLE = 0,    /* 1 instance, 64 bytes (BenchFill) */
  BENCH_ALL64 = 1,     /* `instances` instances of 64 bytes */
  BENCH_ALL_MIXED = 2, /* `instances` instances of 8, 24, 64, 200 bytes in turn (mean 74) */
  BENCH_EVENT = 3,     /* event only */
  BENCH_SIZED = 4,     /* 1 instance of `sized_bytes` bytes (too-small protocol) */
  BENCH_KINDS = 5      /* blocks beyond these: 1 instance of 4 bytes (routing) */
};

#define BENCH_BLOCK_SIZE 64
#define BENCH_MAX_BLOCKS 64

/* The mixed sizes, in turn. */
#define BENCH_MIXED_SIZES \
  { 8, 24, 64, 200 }
#define BENCH_MIXED_KINDS 4

typedef struct {
  /* Shape of the device the next AddDevice creates. */
  uint32_t block_count; /* 1..BENCH_MAX_BLOCKS */
  uint32_t instances;   /* instances of ALL64 and ALL_MIXED */
  /* Read at every query. */
  volatile uint32_t sized_bytes;
  /* Set by the driver. */
  uint32_t devices; /* devices added so far (the next serial) */
  void* first_device;
  /* The driver's own fill routine for BENCH_SINGLE, as its QueryWmiDataBlock callback calls it. */
  void (*fill_single)(uint8_t* buffer, uint32_t serial);
  /* WmiFireEvent(first device, BENCH_EVENT, ...) `count` times with `size` bytes each; returns how many the
   * WMI core accepted. */
  uint32_t (*fire_events)(uint32_t count, uint32_t size);
  /* The driver's own fill for BENCH_ALL64 / BENCH_ALL_MIXED (`kind`), as its QueryWmiDataBlock callback calls it:
   * instances first..first+count-1 at 8-byte boundaries into `buffer`, lengths into `lengths`; returns bytes used. */
  uint32_t (*fill_instances)(uint32_t kind, uint8_t* buffer, uint32_t* lengths, uint32_t first, uint32_t count);
} BENCH_WDM_CONTROL;

/* SCSI bench miniport: adapter blocks and one logical-unit event block. */
#define BENCH_SCSI_GUID_DATA1(k) (0xbe5c0000u + (k))
enum {
  BENCH_SCSI_SINGLE = 0, /* adapter, 1 instance, 64 bytes */
  BENCH_SCSI_METHOD = 1, /* adapter, method 1: in ULONG n -> fire n LU events of 4 bytes; out ULONG fired */
  BENCH_SCSI_ADAPTER_BLOCKS = 2,
  BENCH_SCSI_LU_EVENT = 2 /* logical unit (0,0,0), event only (GUID number 2) */
};

typedef struct {
  void (*fill_single)(uint8_t* buffer, uint32_t serial);
} BENCH_SCSI_CONTROL;

#endif
