// The reply of Host::query_all_data_view: every provider's WNODE_ALL_DATA where it lies in the consumer's own
// buffer, validated by the WNODE parser (wnode::AllDataView) and read in place. Instance k is a (name, provider,
// data) triple of views: the data into the buffer, the name into the buffer (dynamic names) or into the
// registration (static names, kept alive by the view). Nothing is allocated per instance; the owning
// AllDataReply, with its merged WNODE, is built only on demand (to_reply, build_merged_wnode).
//
// Valid while the consumer's buffer is neither changed nor resized, i.e. until the next query into it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <string_view>
#include <vector>

#include "common/byte_io.h"
#include "common/guid.h"
#include "common/result.h"
#include "wmi/consumer_types.h"
#include "wmi/registration_database.h"
#include "wnode/all_data_view.h"

namespace wmiport::wmi {

struct InstanceView {
  std::u16string_view name;
  std::uint32_t provider_id = 0;
  Bytes data;
};

class __attribute__((visibility("default"))) AllDataReplyView {
 public:
  // One provider's answer: its WNODE_ALL_DATA and where its names come from.
  struct Part {
    std::shared_ptr<const Provider> provider;  // owns `block`, whose static names the instances point into
    const RegisteredBlock* block = nullptr;
    wnode::AllDataView wnode;
    std::size_t first = 0;  // index of its first instance in the whole reply
  };

  class Iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = InstanceView;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = InstanceView;

    Iterator() = default;
    InstanceView operator*() const { return view_->at(part_, local_); }
    Iterator& operator++();
    Iterator operator++(int) {
      Iterator old = *this;
      ++*this;
      return old;
    }
    friend bool operator==(const Iterator& a, const Iterator& b) { return a.part_ == b.part_ && a.local_ == b.local_; }

   private:
    friend class AllDataReplyView;
    Iterator(const AllDataReplyView* view, std::size_t part, std::uint32_t local);
    const AllDataReplyView* view_ = nullptr;
    std::size_t part_ = 0;
    std::uint32_t local_ = 0;
  };

  AllDataReplyView(Guid guid, std::vector<Part> parts);

  const Guid& guid() const { return guid_; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  InstanceView operator[](std::size_t k) const;  // k < size()
  Iterator begin() const { return Iterator(this, 0, 0); }
  Iterator end() const { return Iterator(this, parts_.size(), 0); }

  // The providers that answered, in registration order; with one provider its WNODE is the whole reply.
  const std::vector<Part>& parts() const { return parts_; }

  // The owning forms, byte for byte what query_all_data returns for the same answers.
  Result<std::vector<std::uint8_t>> build_merged_wnode() const;
  Result<AllDataReply> to_reply() const;

 private:
  InstanceView at(std::size_t part, std::uint32_t local) const;

  Guid guid_;
  std::vector<Part> parts_;
  std::size_t size_ = 0;
};

}  // namespace wmiport::wmi
