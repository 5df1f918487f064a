"""Video files through PyAV (the FFmpeg libraries Manim already installs): check, export, join.

Every file is written under a temporary name beside its final name and renamed into place
only when complete (`atomic`), so an interrupted run never leaves half a file under a
final name.
"""

from __future__ import annotations

import contextlib
import os
import re
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import srt
from PIL import Image


class VerifyError(Exception):
    """A rendered file is not what was asked for (one line: what was expected, what was found)."""


@dataclass(frozen=True)
class ClipInfo:
    """What decoding a clip found: duration (s) = frames / fps, size in pixels."""

    duration: float
    frames: int
    width: int
    height: int
    fps: float
    codec: str
    pix_fmt: str
    audio: float | None = None  # seconds of the audio stream; None: the clip has none

    def to_json(self) -> dict:
        return asdict(self)


@contextlib.contextmanager
def atomic(dst: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside dst (same extension); rename it to dst on success."""
    dst = Path(dst)
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_name(f".{dst.stem}.{uuid.uuid4().hex[:8]}.partial{dst.suffix}")
    try:
        yield tmp
        os.replace(tmp, dst)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_text_atomic(dst: str | Path, text: str) -> bool:
    """Write text to dst whole or not at all; returns False (and writes nothing) if unchanged."""
    dst = Path(dst)
    if dst.is_file() and dst.read_text(encoding="utf-8") == text:
        return False
    with atomic(dst) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return True


def _is_blank(rgb: np.ndarray) -> bool:
    """A frame of one flat colour (every channel varies by less than 2 levels)."""
    flat = rgb.reshape(-1, rgb.shape[-1]).astype(np.int16)
    return bool((flat.max(axis=0) - flat.min(axis=0)).max() < 2)


def _decode(container, stream, alpha: bool):
    """Decoded frames; VP9 with alpha goes through libvpx, which reads the alpha plane."""
    if alpha and stream.codec_context.name == "vp9":
        decoder = av.CodecContext.create("libvpx-vp9", "r")
        for packet in container.demux(stream):
            yield from decoder.decode(packet if packet.size else None)
    else:
        yield from container.decode(stream)


def verify_clip(path: str | Path, *, size: tuple[int, int] | None = None,
                fps: float | None = None, alpha: bool = False,
                poster: str | Path | None = None, samples: int = 12,
                decode: bool = True) -> ClipInfo:
    """Decode every frame of a clip and check it is whole and what was asked for.

    Checks: it opens and has a video stream; the decoded frame count equals the count in
    the header and is > 0; the stream's duration agrees with frames / fps within a frame;
    the size (width, height) and frame rate match; with alpha, the pixel format carries an
    alpha channel; not every sampled frame is one flat colour (a blank clip).
    With poster, the last frame is saved there as a PNG (RGBA when alpha).

    With ``decode=False`` the packets are read but not decoded, for a file made by copying
    the packets of clips already checked (the joined explainer): the same checks but the
    blank one, counting packets, a frame each, in place of decoded frames (no poster, no
    alpha). At 1080p60 decoding costs about a millisecond a frame; reading, next to nothing.
    """
    if not decode and (poster is not None or alpha):
        raise ValueError("verify_clip: a poster or an alpha check needs decode=True")
    path = Path(path)
    try:
        container = av.open(str(path))
    except (av.error.FFmpegError, OSError) as e:
        raise VerifyError(f"{path.name}: cannot be opened as a video ({e})") from None
    with container:
        if not container.streams.video:
            raise VerifyError(f"{path.name}: has no video stream")
        stream = container.streams.video[0]
        ctx = stream.codec_context
        header_frames = int(stream.frames or 0)
        rate = float(stream.average_rate or stream.guessed_rate or 0)
        want = set()
        if header_frames:
            want = {round(i * (header_frames - 1) / max(samples - 1, 1))
                    for i in range(samples)}
        mode = "rgba" if alpha else "rgb24"
        frames = 0
        blank = True
        last = None
        try:
            if decode:
                for frame in _decode(container, stream, alpha):
                    if (not want or frames in want) and blank:
                        blank = _is_blank(frame.to_ndarray(format=mode))
                    last = frame
                    frames += 1
            else:
                blank = False
                frames = sum(1 for packet in container.demux(stream) if packet.size)
        except av.error.FFmpegError as e:
            raise VerifyError(f"{path.name}: {'decoding' if decode else 'reading'} failed "
                              f"after {frames} frames ({e})") from None
        if frames == 0 or (decode and last is None):
            raise VerifyError(f"{path.name}: has no frames")
        if blank:
            blank = _is_blank(last.to_ndarray(format=mode))
        if header_frames and frames != header_frames:
            raise VerifyError(f"{path.name}: header says {header_frames} frames, "
                              f"{'decoded' if decode else 'read'} {frames}")
        width, height = ctx.width, ctx.height
        if size is not None and (width, height) != tuple(size):
            raise VerifyError(f"{path.name}: expected {size[0]}x{size[1]}, "
                              f"found {width}x{height}")
        if fps is not None and abs(rate - fps) > 1e-3 * fps:
            raise VerifyError(f"{path.name}: expected {fps:g} fps, found {rate:g}")
        if rate <= 0:
            raise VerifyError(f"{path.name}: has no frame rate")
        duration = frames / rate
        if container.format.name == "gif":
            # GIF delays are in hundredths of a second: 15 fps is stored as 7, 7, 6, ... and
            # the rate read back is only a guess, so trust the delays' sum.
            if stream.duration is not None and stream.time_base is not None:
                duration = float(stream.duration * stream.time_base)
        elif stream.duration is not None and stream.time_base is not None:
            stated = float(stream.duration * stream.time_base)
            if abs(stated - duration) > 1.5 / rate:
                raise VerifyError(f"{path.name}: stream lasts {stated:.3f} s but holds "
                                  f"{frames} frames at {rate:g} fps ({duration:.3f} s)")
        if container.duration is not None and container.format.name != "gif":
            stated = container.duration / 1_000_000
            if abs(stated - duration) > 1.5 / rate:
                raise VerifyError(f"{path.name}: file says it lasts {stated:.3f} s but holds "
                                  f"{frames} frames at {rate:g} fps ({duration:.3f} s)")
        pix_fmt = (last.format.name if last is not None else None) or ctx.pix_fmt or ""
        audio = _audio_seconds(container)
        if alpha and not any(c.is_alpha for c in last.format.components):
            raise VerifyError(f"{path.name}: expected a pixel format with alpha, "
                              f"found {pix_fmt}")
        if blank:
            raise VerifyError(f"{path.name}: every sampled frame is one flat colour "
                              f"(blank clip)")
        if poster is not None:
            image = Image.fromarray(last.to_ndarray(format=mode))
            with atomic(poster) as tmp:
                image.save(tmp, format="PNG")
        return ClipInfo(duration=round(duration, 6), frames=frames, width=width,
                        height=height, fps=rate, codec=ctx.name, pix_fmt=pix_fmt,
                        audio=audio)


def _audio_seconds(container) -> float | None:
    """How long the first audio stream lasts by its header, or None without one."""
    if not container.streams.audio:
        return None
    s = container.streams.audio[0]
    if s.duration is not None and s.time_base is not None:
        return round(float(s.duration * s.time_base), 6)
    rate = s.codec_context.sample_rate or 0
    return round(float(s.frames * 1024 / rate), 6) if rate and s.frames else 0.0


def _stream_like(out, codec: str, s_in, pix_fmt: str):
    """A new ``codec`` stream in ``out`` with the input stream's frame size and rate."""
    s_out = out.add_stream(codec, rate=s_in.average_rate)
    s_out.width = s_in.codec_context.width
    s_out.height = s_in.codec_context.height
    s_out.pix_fmt = pix_fmt
    return s_out


def export_webm(src: str | Path, dst: str | Path, *, crf: int = 32) -> None:
    """Transcode a clip to WebM (VP9), for pages and slides that prefer an open format; a
    clip's sound goes with it as Opus."""
    sound = read_audio_track(src)
    with av.open(str(src)) as inp, atomic(dst) as tmp:
        s_in = inp.streams.video[0]
        with av.open(str(tmp), "w", format="webm") as out:
            s_out = _stream_like(out, "libvpx-vp9", s_in, "yuv420p")
            s_out.options = {"crf": str(crf), "b": "0", "deadline": "realtime",
                             "cpu-used": "8", "row-mt": "1"}
            voice = None if sound is None else _add_audio(out, "libopus")
            tb = Fraction(1, 1) / Fraction(s_in.average_rate)
            s_out.codec_context.time_base = tb
            for k, frame in enumerate(inp.decode(s_in)):
                frame = frame.reformat(format="yuv420p")
                frame.pts, frame.time_base = k, tb
                out.mux(s_out.encode(frame))
            out.mux(s_out.encode())
            if voice is not None:
                _mux_audio(out, voice, sound)


def fit_size(size: tuple[int, int], box: tuple[int, int]) -> tuple[int, int]:
    """The largest even size of ``size``'s shape inside ``box``, never larger than ``size``.

    >>> fit_size((1920, 1080), (1280, 720)), fit_size((854, 480), (1280, 720))
    ((1280, 720), (854, 480))
    >>> fit_size((1080, 1080), (1280, 720))
    (720, 720)
    """
    w, h = size
    scale = min(1.0, box[0] / w, box[1] / h)
    if scale == 1.0:
        return w, h
    return max(2, round(w * scale / 2) * 2), max(2, round(h * scale / 2) * 2)


def export_smaller(src: str | Path, dst: str | Path, *, box: tuple[int, int],
                   max_fps: float, crf: int = 20) -> tuple[int, int, float]:
    """Write src as an H.264 mp4 that fits in ``box`` at no more than ``max_fps`` (frames
    dropped evenly, the duration kept), with src's sound if it has any; return its (width,
    height, fps)."""
    sound = read_audio_track(src)
    with av.open(str(src)) as inp, atomic(dst) as tmp:
        s_in = inp.streams.video[0]
        rate_in = Fraction(s_in.average_rate)
        rate = min(rate_in, Fraction(max_fps).limit_denominator(1001))
        width, height = fit_size((s_in.codec_context.width, s_in.codec_context.height), box)
        with av.open(str(tmp), "w", format="mp4") as out:
            s_out = out.add_stream("libx264", rate=rate)
            s_out.width, s_out.height, s_out.pix_fmt = width, height, "yuv420p"
            s_out.options = {"crf": str(crf), "preset": "veryfast"}
            voice = None if sound is None else _add_audio(out)
            tb = 1 / rate
            s_out.codec_context.time_base = tb
            written = 0
            for k, frame in enumerate(inp.decode(s_in)):
                # frame k starts at k / rate_in: keep it if an output frame starts there
                if written > k * rate / rate_in:
                    continue
                frame = frame.reformat(width=width, height=height, format="yuv420p",
                                       interpolation="AREA")
                frame.pts, frame.time_base = written, tb
                out.mux(s_out.encode(frame))
                written += 1
            out.mux(s_out.encode())
            if voice is not None:
                _mux_audio(out, voice, sound)
    return width, height, float(rate)


def export_gif(src: str | Path, dst: str | Path) -> None:
    """Convert a clip to a GIF with a palette made for it (as Manim's own --format=gif)."""
    with av.open(str(src)) as inp, atomic(dst) as tmp:
        s_in = inp.streams.video[0]
        with av.open(str(tmp), "w", format="gif") as out:
            s_out = _stream_like(out, "gif", s_in, "rgb8")
            graph = av.filter.Graph()
            buffer = graph.add_buffer(template=s_in)
            split = graph.add("split")
            palettegen = graph.add("palettegen", "stats_mode=diff")
            paletteuse = graph.add("paletteuse",
                                   "dither=bayer:bayer_scale=5:diff_mode=rectangle")
            sink = graph.add("buffersink")
            buffer.link_to(split)
            split.link_to(palettegen, 0, 0)
            split.link_to(paletteuse, 1, 0)
            palettegen.link_to(paletteuse, 0, 1)
            paletteuse.link_to(sink)
            graph.configure()
            for frame in inp.decode(s_in):
                graph.push(frame)
            graph.push(None)
            written = 0
            while True:
                try:
                    frame = graph.pull()
                except (av.error.EOFError, av.error.BlockingIOError):
                    break
                if s_out.codec_context.time_base is not None:
                    frame.time_base = s_out.codec_context.time_base
                frame.pts = written
                written += 1
                out.mux(s_out.encode(frame))
            out.mux(s_out.encode())


@dataclass(frozen=True)
class Chapter:
    """A chapter marker of the joined video: [start, end) in seconds."""

    title: str
    start: float
    end: float


def _extradata(path: Path) -> tuple:
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        ctx = s.codec_context
        return (ctx.name, ctx.width, ctx.height, ctx.pix_fmt, bytes(ctx.extradata or b""),
                round(float(s.average_rate or 0), 2))


def join_clips(clips: list[Path], titles: list[str], dst: str | Path, *,
               reencode: bool = False, audio: bool = False) -> list[Chapter]:
    """Join clips, in order, into one mp4 with a chapter marker per clip.

    Clips encoded alike (same codec, size, frame rate and parameters, as Manim writes them at
    one quality) are joined without re-encoding, packet by packet, the way Manim joins its
    own partial movies; otherwise (or with reencode) every frame is re-encoded with x264.
    With ``audio``, the clips' sound is joined too: each clip's audio, decoded, fitted to
    its video's length (a clip without sound is silence), brought to one loudness
    (TARGET_LUFS) and encoded once as AAC, so no chapter drifts from its picture.
    Returns the chapters written.
    """
    if not clips:
        raise ValueError("join_clips: no clips to join")
    # the clips were checked frame by frame when they were made: read, not decoded again
    infos = [verify_clip(c, decode=False) for c in clips]
    starts = np.concatenate([[0.0], np.cumsum([i.duration for i in infos])])
    chapters = [Chapter(t, round(float(starts[k]), 6), round(float(starts[k + 1]), 6))
                for k, t in enumerate(titles)]
    alike = len({_extradata(c) for c in clips}) == 1
    ms = Fraction(1, 1000)
    marks = [{"id": k + 1, "start": round(ch.start * 1000), "end": round(ch.end * 1000),
              "time_base": ms, "metadata": {"title": ch.title}} for k, ch in enumerate(chapters)]
    dst = Path(dst)
    with atomic(dst) as tmp:
        if alike and not reencode:
            listing = tmp.with_suffix(".txt")
            listing.write_text("".join(f"file 'file:{Path(c).resolve().as_posix()}'\n"
                                       for c in clips), encoding="utf-8")
            try:
                with av.open(str(listing), format="concat",
                             options={"safe": "0", "an": "1"}) as inp, \
                        av.open(str(tmp), "w", format="mp4") as out:
                    s_in = inp.streams.video[0]
                    s_out = out.add_stream_from_template(template=s_in)
                    sound = _add_audio(out) if audio else None
                    last_dts = None
                    for packet in inp.demux(s_in):
                        if packet.dts is None:  # the demuxer's flushing packets
                            continue
                        # The concat demuxer shifts each clip's timestamps past the previous
                        # clip; keep them, only guarding that dts keeps increasing.
                        if last_dts is not None and packet.dts <= last_dts:
                            packet.dts = last_dts + 1
                            if packet.pts is not None and packet.pts < packet.dts:
                                packet.pts = packet.dts
                        last_dts = packet.dts
                        packet.stream = s_out
                        out.mux(packet)
                    if sound is not None:
                        _mux_audio(out, sound, _joined_audio(clips, infos))
                    out.set_chapters(marks)
            finally:
                listing.unlink(missing_ok=True)
        else:
            first = infos[0]
            rate = Fraction(first.fps).limit_denominator(1001)
            with av.open(str(tmp), "w", format="mp4") as out:
                s_out = out.add_stream("libx264", rate=rate)
                s_out.width, s_out.height = first.width, first.height
                s_out.pix_fmt = "yuv420p"
                s_out.options = {"crf": "23"}
                sound = _add_audio(out) if audio else None
                tb = 1 / rate
                s_out.codec_context.time_base = tb
                k = 0
                for c in clips:
                    with av.open(str(c)) as inp:
                        for frame in inp.decode(video=0):
                            frame = frame.reformat(width=first.width, height=first.height,
                                                   format="yuv420p")
                            frame.pts, frame.time_base = k, tb
                            k += 1
                            out.mux(s_out.encode(frame))
                out.mux(s_out.encode())
                if sound is not None:
                    _mux_audio(out, sound, _joined_audio(clips, infos))
                out.set_chapters(marks)
    return chapters


AUDIO_RATE = 48000  # the joined explainer's sound: 48 kHz mono AAC
AAC_BIT_RATE = 128_000
FULL_SCALE_MARGIN = 0.98  # the largest sample a decoded track may hold


def read_audio_track(path: str | Path, rate: int = AUDIO_RATE) -> np.ndarray | None:
    """A file's first audio stream as mono float32 samples at ``rate`` (None if it has
    none)."""
    from scenes.toolkit.voice import read_audio

    with av.open(str(path)) as c:
        if not c.streams.audio:
            return None
    return read_audio(path, rate)[0]


def _joined_audio(clips: list[Path], infos: list[ClipInfo]) -> np.ndarray:
    """Every clip's sound, each cut or padded to its video's length, at one loudness."""
    from scenes.toolkit.voice import normalise

    parts = []
    for clip, info in zip(clips, infos, strict=True):
        part = np.zeros(round(info.duration * AUDIO_RATE), np.float32)
        sound = read_audio_track(clip)
        if sound is not None:
            n = min(part.size, sound.size)
            part[:n] = sound[:n]
        parts.append(part)
    return normalise(np.concatenate(parts), AUDIO_RATE)


def _add_audio(out, codec: str = "aac"):
    """A mono sound stream at AUDIO_RATE: AAC for mp4, Opus for WebM."""
    stream = out.add_stream(codec, rate=AUDIO_RATE, layout="mono")
    stream.codec_context.time_base = Fraction(1, AUDIO_RATE)
    if codec == "aac":
        # FFmpeg's AAC encoder left to its default rate (about 36 kb/s here) overshoots a
        # spoken line's peaks by half again; at 128 kb/s they stay under full scale
        stream.codec_context.bit_rate = AAC_BIT_RATE
    return stream


def _encode(out, stream, samples: np.ndarray, chunk: int = 1024) -> None:
    """Mono float samples into ``stream``, ``chunk`` samples a frame, then the flush."""
    for start in range(0, samples.size, chunk):
        frame = av.AudioFrame.from_ndarray(samples[None, start:start + chunk], format="flt",
                                           layout="mono")
        frame.sample_rate = AUDIO_RATE
        frame.pts, frame.time_base = start, Fraction(1, AUDIO_RATE)
        out.mux(stream.encode(frame))
    out.mux(stream.encode(None))


def _encoded_peak(samples: np.ndarray, codec: str) -> float:
    """The largest sample of ``samples`` once encoded with ``codec`` and decoded again: a
    lossy encoder lets peaks overshoot, most where a track is cut or starts abruptly."""
    import io

    buf = io.BytesIO()
    with av.open(buf, "w", format="adts" if codec == "aac" else "ogg") as out:
        _encode(out, _add_audio(out, codec), samples)
    buf.seek(0)
    peak = 0.0
    with av.open(buf) as inp:
        for frame in inp.decode(audio=0):
            peak = max(peak, float(np.abs(frame.to_ndarray()).max(initial=0.0)))
    return peak


def _mux_audio(out, stream, samples: np.ndarray) -> None:
    """Encode mono float samples into ``stream`` (PyAV fits them to the encoder's frames),
    with no sample at full scale once decoded: when the encoder's overshoot would reach it,
    the peaks are limited further (smoothly, the loudness kept) until it does not."""
    from scenes.toolkit.voice import LINE_CEILING, TARGET_LUFS, integrated_loudness, speak_level

    samples = np.ascontiguousarray(samples, dtype=np.float32)
    ceiling = LINE_CEILING
    lufs = integrated_loudness(samples, AUDIO_RATE) if samples.size else float("-inf")
    for _ in range(3):
        peak = _encoded_peak(samples, stream.codec_context.name) if samples.size else 0.0
        if peak < FULL_SCALE_MARGIN:
            break
        ceiling *= 0.95 * FULL_SCALE_MARGIN / peak
        target = lufs if np.isfinite(lufs) else TARGET_LUFS
        samples = np.ascontiguousarray(speak_level(samples, AUDIO_RATE, target, ceiling))
    _encode(out, stream, samples)


def with_sound(src: str | Path, dst: str | Path, sound: np.ndarray) -> None:
    """``src``'s video, its packets copied, with ``sound`` (mono float samples at
    AUDIO_RATE, cut or padded with silence to the video's length, then brought to one
    loudness, TARGET_LUFS, its peaks limited rather than the gain held back: a short line
    padded with silence measures a little quieter than the line) as its AAC track."""
    from scenes.toolkit.voice import speak_level

    with av.open(str(src)) as inp, atomic(dst) as tmp:
        s_in = inp.streams.video[0]
        frames = [p for p in inp.demux(s_in) if p.dts is not None]
        seconds = verify_clip(src, decode=False).duration
        n = round(seconds * AUDIO_RATE)
        track = np.zeros(n, np.float32)
        track[:min(n, sound.size)] = sound[:n]
        track = speak_level(track, AUDIO_RATE)
        with av.open(str(tmp), "w", format="mp4") as out:
            s_out = out.add_stream_from_template(template=s_in)
            voice = _add_audio(out)
            for packet in frames:
                packet.stream = s_out
                out.mux(packet)
            _mux_audio(out, voice, track)


def split_sound(src: str | Path, video_dst: str | Path, sound_dst: str | Path) -> bool:
    """``src``'s video alone into ``video_dst`` (mp4) and its sound alone into ``sound_dst``
    (an .m4a), their packets copied, nothing encoded again; False, and nothing written, if
    ``src`` has no sound."""
    with av.open(str(src)) as inp:
        if not inp.streams.audio:
            return False
        for dst, stream, fmt in ((video_dst, inp.streams.video[0], "mp4"),
                                 (sound_dst, inp.streams.audio[0], "ipod")):
            inp.seek(0)
            with atomic(dst) as tmp, av.open(str(tmp), "w", format=fmt) as out:
                s_out = out.add_stream_from_template(template=stream)
                for packet in inp.demux(stream):
                    if packet.dts is None:
                        continue
                    packet.stream = s_out
                    out.mux(packet)
    return True


def read_chapters(path: str | Path) -> list[Chapter]:
    """The chapter markers of a video file, in seconds."""
    with av.open(str(path)) as c:
        return [Chapter(ch["metadata"].get("title", ""),
                        float(ch["start"] * ch["time_base"]), float(ch["end"] * ch["time_base"]))
                for ch in c.chapters()]


def read_srt(path: str | Path) -> list[srt.Subtitle]:
    return list(srt.parse(Path(path).read_text(encoding="utf-8")))


def join_srt(parts: list[tuple[Path | None, float]]) -> str:
    """One .srt from each clip's (subtitle file or None, start time in the joined video)."""
    from datetime import timedelta

    out: list[srt.Subtitle] = []
    for path, start in parts:
        if path is None:
            continue
        shift = timedelta(seconds=start)
        for sub in read_srt(path):
            out.append(srt.Subtitle(index=len(out) + 1, start=sub.start + shift,
                                    end=sub.end + shift, content=sub.content))
    return srt.compose(out, reindex=False) if out else ""


def _vtt_stamp(total: float) -> str:
    h, rem = divmod(max(0.0, total), 3600)
    m, s = divmod(rem, 60)
    return f"{int(h):02d}:{int(m):02d}:{s:06.3f}"


Words = list[tuple[str, float, float]]  # (word as written, start, end) in seconds


def srt_to_vtt(text: str, words: Words | None = None) -> str:
    """WebVTT (what a browser's <track> reads) from SubRip text; with ``words`` (the time
    each word is said, on the subtitles' clock), each cue whose words were timed carries a
    timestamp before every word after its first (``<00:00:01.250>word``), so a page can
    show which word is being said (``::cue(:past)``, ``::cue(:future)``)."""
    lines = ["WEBVTT", ""]
    timed = sorted(words or [], key=lambda w: w[1])
    for sub in srt.parse(text):
        start, end = sub.start.total_seconds(), sub.end.total_seconds()
        lines += [f"{_vtt_stamp(start)} --> {_vtt_stamp(end)}",
                  _timed_cue(sub.content, start, end, timed), ""]
    return "\n".join(lines)


def _timed_cue(content: str, start: float, end: float, words: Words) -> str:
    """The cue's text with a timestamp before each word after the first, when the words said
    from its start (to a frame of slack for the .srt's milliseconds) are its words."""
    from scenes.toolkit.voice import words_of  # a number and its unit are one word

    tokens = words_of(content)
    said = [w for w in words if start - 0.02 <= w[1] < end]
    if not tokens or [w[0] for w in said[:len(tokens)]] != tokens:
        return content
    out, k = [], 0
    for line in content.split("\n"):
        parts = []
        for token in words_of(line):
            parts.append(token if k == 0 else f"<{_vtt_stamp(said[k][1])}>{token}")
            k += 1
        out.append(" ".join(parts))
    return "\n".join(out)


def vtt_said(text: str) -> list[list]:
    """The cues of a WebVTT whose words are timed, as [start, end, [[word, at], ...]] (a cue
    without word times: each word at the cue's start)."""
    from scenes.toolkit.voice import words_of

    out = []
    for block in text.split("\n\n"):
        lines = block.strip().split("\n")
        if len(lines) < 2 or "-->" not in lines[0]:
            continue
        a, b = (sum(float(x) * 60 ** k for k, x in enumerate(reversed(t.strip().split(":"))))
                for t in lines[0].split("-->"))
        words, at = [], a
        for part in re.split(r"(<[0-9:.]+>)", " ".join(lines[1:])):
            if re.fullmatch(r"<[0-9:.]+>", part):
                at = sum(float(x) * 60 ** k
                         for k, x in enumerate(reversed(part[1:-1].split(":"))))
                continue
            words += [[w, round(at, 3)] for w in words_of(part)]
        out.append([round(a, 3), round(b, 3), words])
    return out


def read_words(path: str | Path) -> Words:
    """A clip's word times (JSON: [[word, start, end], ...])."""
    import json

    return [(str(t), float(a), float(b))
            for t, a, b in json.loads(Path(path).read_text(encoding="utf-8"))]


def join_words(parts: list[tuple[Path | None, float]]) -> Words:
    """Every clip's word times on the joined video's clock, from each clip's (word file or
    None, start time in the joined video)."""
    out: Words = []
    for path, start in parts:
        if path is not None:
            out += [(t, a + start, b + start) for t, a, b in read_words(path)]
    return out
