// Usage for audio answers that carry none of their own. Speech is counted from the audio it
// returns (1000 tokens a started minute, New API's rule): PCM and WAV exactly, MP3 from its
// first frame's bit rate, other formats at 1 token a KB. Transcriptions take the usage in their
// JSON answer (tokens, or seconds of audio).
#pragma once

#include <gw/abi/provider.h>

#include <optional>
#include <string>
#include <string_view>

namespace openai_plugin {

class AudioMeter {
public:
    // speech: a /v1/audio/speech answer in `format` (response_format: mp3, wav, pcm, ...).
    AudioMeter(bool speech, std::string format) : speech_(speech), format_(std::move(format)) {}

    void feed(std::string_view chunk);
    std::optional<gw_usage> usage() const;

private:
    std::optional<double> seconds() const;
    std::optional<gw_usage> transcription_usage() const;

    static constexpr size_t kKeep = 1u << 20;  // enough for audio headers and a transcription's JSON
    bool speech_;
    std::string format_;
    std::string kept_;
    size_t bytes_ = 0;
};

// New API's conversion of audio length to tokens: ceil(seconds) / 60 × 1000, rounded.
int64_t audio_tokens(double seconds);

}  // namespace openai_plugin
