#include "wmi/all_data_reply_view.h"

#include <algorithm>
#include <bit>

#include "wnode/all_data.h"

namespace wmiport::wmi {

// Dynamic names are read in place as char16_t: the wire is UTF-16LE.
static_assert(std::endian::native == std::endian::little);

AllDataReplyView::Iterator::Iterator(const AllDataReplyView* view, std::size_t part, std::uint32_t local)
    : view_(view), part_(part), local_(local) {
  while (part_ < view_->parts_.size() && local_ >= view_->parts_[part_].wnode.count()) {
    ++part_;  // skip providers that answered no instance
    local_ = 0;
  }
}

AllDataReplyView::Iterator& AllDataReplyView::Iterator::operator++() {
  *this = Iterator(view_, part_, local_ + 1);
  return *this;
}

AllDataReplyView::AllDataReplyView(Guid guid, std::vector<Part> parts) : guid_(guid), parts_(std::move(parts)) {
  for (auto& part : parts_) {
    part.first = size_;
    size_ += part.wnode.count();
  }
}

InstanceView AllDataReplyView::at(std::size_t part_index, std::uint32_t local) const {
  const Part& part = parts_[part_index];
  InstanceView instance{{}, part.provider->provider_id, part.wnode.data(local)};
  if (part.block->dynamic_names()) {
    const wnode::CountedStringSpan name = part.wnode.name(local);
    // The name's offset was checked USHORT-aligned and the WNODE starts 16-aligned in the buffer.
    instance.name = {reinterpret_cast<const char16_t*>(part.wnode.wnode().data() + name.text_offset), name.chars};
  } else {
    instance.name = part.block->names[local];  // the query checked count() <= names.size()
  }
  return instance;
}

InstanceView AllDataReplyView::operator[](std::size_t k) const {
  const auto part = std::upper_bound(parts_.begin(), parts_.end(), k,
                                     [](std::size_t index, const Part& p) { return index < p.first; }) -
                    1;
  return at(static_cast<std::size_t>(part - parts_.begin()), static_cast<std::uint32_t>(k - part->first));
}

Result<std::vector<std::uint8_t>> AllDataReplyView::build_merged_wnode() const {
  // As WmiCore::query_all_data merges: the GUID asked for, the first provider's time stamp, every instance with
  // its name (so dynamic-name form), in order.
  wnode::AllData merged;
  merged.header.guid = guid_;
  for (const auto& part : parts_)
    if (merged.header.time_stamp == 0)
      merged.header.time_stamp = part.wnode.header().time_stamp;
  merged.instances.reserve(size_);
  for (const InstanceView instance : *this)
    merged.instances.push_back(
        {std::u16string(instance.name), std::vector<std::uint8_t>(instance.data.begin(), instance.data.end())});
  return wnode::build_all_data(merged);
}

Result<AllDataReply> AllDataReplyView::to_reply() const {
  AllDataReply reply;
  reply.instances.reserve(size_);
  for (const InstanceView instance : *this)
    reply.instances.push_back({std::u16string(instance.name), instance.provider_id,
                               std::vector<std::uint8_t>(instance.data.begin(), instance.data.end())});
  for (const auto& part : parts_) {
    const Bytes answer = part.wnode.bytes();  // as the provider returned it (its Information bytes)
    reply.provider_wnodes.emplace_back(answer.begin(), answer.end());
  }
  WMIPORT_ASSIGN_OR_RETURN(reply.merged_wnode, build_merged_wnode());
  return reply;
}

}  // namespace wmiport::wmi
