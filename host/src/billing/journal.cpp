#include "billing/journal.hpp"

#include "common/log.hpp"
#include "common/thread_name.hpp"

#include <zlib.h>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

namespace gw::billing {
namespace {

namespace fs = std::filesystem;

constexpr uint64_t kSegmentBytes = 4u << 20;    // a new segment past this size
constexpr uint64_t kRetireReleased = 1u << 20;  // a released current segment this big is dropped
constexpr uint32_t kMaxPayload = 16u << 20;
constexpr size_t kHeader = 16;

[[noreturn]] void fail(const std::string& dir, const std::string& what) {
    throw std::runtime_error("billing journal " + dir + ": " + what + ": " + std::strerror(errno));
}

std::string segment_name(uint64_t first) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "charges-%020llu.journal", static_cast<unsigned long long>(first));
    return buf;
}

// The seq a segment's name starts at, or 0 when the name is not a segment's.
uint64_t segment_first(const std::string& name) {
    unsigned long long first = 0;
    char tail[16] = {};
    if (std::sscanf(name.c_str(), "charges-%20llu.%15s", &first, tail) != 2) return 0;
    return std::string_view(tail) == "journal" ? first : 0;
}

uint32_t checksum(const char* from, size_t n) {
    return static_cast<uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(from), static_cast<uInt>(n)));
}

std::string random_id() {
    std::random_device rd;
    std::string id;
    const char* hex = "0123456789abcdef";
    for (int i = 0; i < 32; ++i) id += hex[rd() % 16];
    return id;
}

std::string read_id(const std::string& dir) {
    fs::path file = fs::path(dir) / "id";
    std::string id;
    if (std::ifstream in(file); in) std::getline(in, id);
    if (id.size() == 32) return id;
    id = random_id();
    std::ofstream(file) << id << "\n";
    return id;
}

void write_all(int fd, const char* p, size_t n) {
    while (n > 0) {
        ssize_t w = ::write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) throw std::runtime_error(std::string("write failed: ") + std::strerror(errno));
        p += w;
        n -= static_cast<size_t>(w);
    }
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

Journal::Journal(std::string dir, std::chrono::milliseconds sync_interval) : dir_(std::move(dir)) {
    std::error_code ec;
    fs::create_directories(dir_, ec);
    if (ec) throw std::runtime_error("billing journal " + dir_ + ": cannot create the directory: " + ec.message());
    lock_fd_ = ::open((fs::path(dir_) / "lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (lock_fd_ < 0) fail(dir_, "cannot open its lock file");
    if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
        ::close(lock_fd_);
        throw std::runtime_error("billing journal " + dir_ +
                                 " is in use by another gateway process (each node needs its own BILLING_JOURNAL_DIR)");
    }
    dir_fd_ = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd_ < 0) fail(dir_, "cannot open the directory");
    id_ = read_id(dir_);
    sync_thread_ = std::thread([this, sync_interval] {
        name_this_thread("journal-sync");
        sync_loop(sync_interval);
    });
}

Journal::~Journal() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    cv_.notify_all();
    sync_thread_.join();
    sync_pending();
    if (fd_ >= 0) ::close(fd_);
    if (dir_fd_ >= 0) ::close(dir_fd_);
    if (lock_fd_ >= 0) ::close(lock_fd_);
}

void Journal::replay(const std::function<void(uint64_t, std::string_view)>& fn) {
    std::vector<std::pair<uint64_t, std::string>> files;
    for (const auto& e : fs::directory_iterator(dir_))
        if (uint64_t first = segment_first(e.path().filename().string())) files.emplace_back(first, e.path().string());
    std::sort(files.begin(), files.end());
    for (size_t i = 0; i < files.size(); ++i) {
        const std::string& path = files[i].second;
        std::string data = read_file(path);
        Segment seg{path, files[i].first, 0, 0};
        size_t off = 0;
        while (off + kHeader <= data.size()) {
            uint32_t len = 0, crc = 0;
            uint64_t seq = 0;
            std::memcpy(&len, data.data() + off, 4);
            std::memcpy(&crc, data.data() + off + 4, 4);
            std::memcpy(&seq, data.data() + off + 8, 8);
            if (len > kMaxPayload || off + kHeader + len > data.size()) break;
            if (checksum(data.data() + off + 8, 8 + len) != crc) break;
            fn(seq, std::string_view(data.data() + off + kHeader, len));
            seg.last = seq;
            off += kHeader + len;
        }
        if (off < data.size()) {
            bool tail = i + 1 == files.size();
            log::warn("billing journal: " + std::string(tail ? "torn tail" : "damaged record") + " in " + path +
                      " at byte " + std::to_string(off) +
                      (tail ? ", cut off" : "; the rest of this segment is skipped"));
            if (tail && ::truncate(path.c_str(), static_cast<off_t>(off)) != 0) fail(dir_, "cannot truncate " + path);
        }
        seg.bytes = off;
        if (seg.last == 0) {
            fs::remove(path);
            continue;
        }
        closed_.push_back(seg);
    }
}

void Journal::open_segment(uint64_t first_seq) {
    current_ = Segment{(fs::path(dir_) / segment_name(first_seq)).string(), first_seq, 0, 0};
    fd_ = ::open(current_.path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd_ < 0) fail(dir_, "cannot create " + current_.path);
    dir_dirty_ = true;
}

void Journal::retire_current() {
    if (fd_ < 0) return;
    if (current_.last != 0) closed_.push_back(current_);
    retired_fds_.push_back(fd_);
    fd_ = -1;
}

void Journal::append(uint64_t seq, std::string_view payload) {
    std::string rec(kHeader + payload.size(), '\0');
    uint32_t len = static_cast<uint32_t>(payload.size());
    std::memcpy(rec.data(), &len, 4);
    std::memcpy(rec.data() + 8, &seq, 8);
    std::memcpy(rec.data() + kHeader, payload.data(), payload.size());
    uint32_t crc = checksum(rec.data() + 8, 8 + payload.size());
    std::memcpy(rec.data() + 4, &crc, 4);
    std::lock_guard lock(mutex_);
    if (fd_ >= 0 && current_.bytes >= kSegmentBytes) retire_current();
    if (fd_ < 0) open_segment(seq);
    try {
        write_all(fd_, rec.data(), rec.size());
    } catch (const std::exception&) {
        // A partial record would hide every later one: cut it off and continue in a new segment.
        if (::ftruncate(fd_, static_cast<off_t>(current_.bytes)) != 0)
            log::error("billing journal: cannot cut a partial record off " + current_.path);
        retire_current();
        throw;
    }
    current_.last = seq;
    current_.bytes += rec.size();
    written_ += rec.size();
}

void Journal::release(uint64_t seq, bool finished) {
    std::lock_guard lock(mutex_);
    if (fd_ >= 0 && current_.last != 0 && current_.last <= seq && (finished || current_.bytes >= kRetireReleased))
        retire_current();
    for (auto it = closed_.begin(); it != closed_.end();) {
        if (it->last > seq) {
            ++it;
            continue;
        }
        std::error_code ec;
        fs::remove(it->path, ec);
        dir_dirty_ = true;
        it = closed_.erase(it);
    }
}

void Journal::sync() {
    sync_pending();
}

// The durable half of the group commit: one fdatasync covers every record written since the last.
void Journal::sync_pending() {
    std::lock_guard one(sync_mutex_);  // a retired segment is closed by one syncer, after its sync
    std::vector<int> retired;
    int current = -1;
    uint64_t target = 0;
    bool dir_dirty = false;
    {
        std::lock_guard lock(mutex_);
        if (written_ == synced_ && retired_fds_.empty() && !dir_dirty_) return;
        retired.swap(retired_fds_);
        current = fd_;
        target = written_;
        dir_dirty = dir_dirty_;
        dir_dirty_ = false;
    }
    for (int fd : retired) {
        ::fdatasync(fd);
        ::close(fd);
    }
    if (current >= 0 && ::fdatasync(current) != 0)
        log::warn(std::string("billing journal: fdatasync failed: ") + std::strerror(errno));
    if (dir_dirty) ::fsync(dir_fd_);
    std::lock_guard lock(mutex_);
    synced_ = std::max(synced_, target);
}

void Journal::sync_loop(std::chrono::milliseconds interval) {
    std::unique_lock lock(mutex_);
    while (!stop_) {
        cv_.wait_for(lock, interval, [this] { return stop_; });
        if (stop_) break;
        lock.unlock();
        sync_pending();
        lock.lock();
    }
}

}  // namespace gw::billing
