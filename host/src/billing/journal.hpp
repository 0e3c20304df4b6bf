// The charge journal: an append-only local log of every settled charge, written before the
// settlement counts as done and before the client's answer completes. A record reaches the
// kernel with write(2) at once, so a killed process loses none; a background thread makes the
// written bytes durable with fdatasync every few milliseconds (group commit), so a machine
// failure loses at most that window. Records stay until the database holds them (release), and
// the ones it lacks are replayed at start-up.
//
// Files in the journal's directory: `id` (this journal's name in the database's cursor table),
// `lock` (one process at a time) and segments `charges-<first seq>.journal`. A record is
// [u32 payload length][u32 crc32 of seq and payload][u64 seq][payload]; a torn tail (the process
// died mid-write) fails its check and is cut off at replay.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace gw::billing {

class Journal {
public:
    // Opens (creating) the directory, takes its lock and starts the sync thread. Throws
    // std::runtime_error naming the directory and the reason.
    Journal(std::string dir, std::chrono::milliseconds sync_interval);
    ~Journal();  // syncs what was written, then closes
    Journal(const Journal&) = delete;
    Journal& operator=(const Journal&) = delete;

    const std::string& id() const { return id_; }
    const std::string& dir() const { return dir_; }

    // Every intact record of the existing segments in order; a torn tail is truncated. Call once,
    // before the first append.
    void replay(const std::function<void(uint64_t seq, std::string_view payload)>& fn);
    // Appends one record; seq grows with every call. Throws std::runtime_error when the write
    // fails (disk full): the caller keeps the charge in memory and says so.
    void append(uint64_t seq, std::string_view payload);
    // Records up to `seq` are in the database: whole segments at or below it are deleted (the
    // one being written only once it is large, or when `finished`: nothing more will be written).
    void release(uint64_t seq, bool finished = false);
    // fdatasync now (shutdown, tests).
    void sync();

private:
    struct Segment {
        std::string path;
        uint64_t first = 0, last = 0;  // seqs it holds
        uint64_t bytes = 0;
    };
    void open_segment(uint64_t first_seq);
    void retire_current();
    void sync_loop(std::chrono::milliseconds interval);
    void sync_pending();

    std::string dir_, id_;
    int lock_fd_ = -1, dir_fd_ = -1;
    std::mutex mutex_;             // segments, fds, counters
    std::mutex sync_mutex_;        // one sync at a time
    std::vector<Segment> closed_;  // older segments not yet released
    Segment current_;
    int fd_ = -1;                        // current segment; -1 until the next append opens one
    std::vector<int> retired_fds_;       // written but not yet synced, then closed by the sync thread
    uint64_t written_ = 0, synced_ = 0;  // bytes appended / made durable (all segments)
    bool dir_dirty_ = false;             // a segment was created or removed: sync the directory
    std::condition_variable cv_;
    bool stop_ = false;
    std::thread sync_thread_;
};

}  // namespace gw::billing
