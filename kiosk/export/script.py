"""The site's one script: pan and zoom for pictures, and captions when opened from `file://`.

Everything works without it: a picture is a link to its full size, a film plays with its
`<track>` captions wherever a web server serves the site. The script adds what plain HTML
cannot do:

- **Pan and zoom.** Activating a picture's link opens its full size in a modal `<dialog>`
  (focus stays inside; Escape closes and returns focus to the link): `+` and `-` zoom, the
  arrow keys pan, `0` fits the picture again; with a finger, pinch to zoom and drag to pan;
  with a mouse, the wheel zooms where it points and a drag pans; double-tap zooms in or back.
  Nothing moves by itself, so there is nothing to reduce for prefers-reduced-motion.
- **Captions for sound.** Browsers draw captions over films only; for a sound, the script
  writes the cue of the visitor's language under the player as it plays.
- **Captions from `file://`.** Chromium refuses to load a `<track>` from there, but runs a
  script: each WebVTT file has a twin `x.vtt.js` (kiosk.export.captions) that the script loads
  for each `<track>`, and the same text becomes a `blob:` address the track may load. Only
  there: over the web, the `<track>` loads its file itself and no twin is fetched.

Written for this project; plain ES5 with no library, a few kilobytes. Qt-free.
"""

SCRIPT = """\
(function () {
  "use strict";

  function clamp(value, low, high) { return Math.max(low, Math.min(high, value)); }

  function openZoom(link) {
    var picture = link.querySelector("img");
    var dialog = document.createElement("dialog");
    dialog.className = "zoom";
    dialog.setAttribute("aria-label", link.getAttribute("data-title") || (picture ? picture.alt : ""));
    var stage = document.createElement("div");
    stage.className = "stage";
    var image = new Image();
    image.alt = picture ? picture.alt : "";
    image.draggable = false;
    stage.appendChild(image);
    var tools = document.createElement("div");
    tools.className = "tools";
    function button(text, label, action) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = text;
      b.setAttribute("aria-label", label);
      b.title = label;
      b.addEventListener("click", action);
      tools.appendChild(b);
      return b;
    }
    var fitScale = 1, scale = 1, x = 0, y = 0;
    function show() { image.style.transform = "translate(" + x + "px," + y + "px) scale(" + scale + ")"; }
    function limit() {
      var w = image.naturalWidth * scale, h = image.naturalHeight * scale;
      var sw = stage.clientWidth, sh = stage.clientHeight;
      x = w <= sw ? (sw - w) / 2 : clamp(x, sw - w, 0);
      y = h <= sh ? (sh - h) / 2 : clamp(y, sh - h, 0);
      show();
    }
    function fit() {
      if (!image.naturalWidth) { return; }
      fitScale = Math.min(1, stage.clientWidth / image.naturalWidth, stage.clientHeight / image.naturalHeight);
      scale = fitScale;
      limit();
    }
    function zoomAt(factor, cx, cy) {
      var next = clamp(scale * factor, fitScale, Math.max(2, fitScale * 2));
      x = cx - (cx - x) * next / scale;
      y = cy - (cy - y) * next / scale;
      scale = next;
      limit();
    }
    function middle() { return [stage.clientWidth / 2, stage.clientHeight / 2]; }
    button("+", link.getAttribute("data-zoom-in") || "+", function () { var m = middle(); zoomAt(1.5, m[0], m[1]); });
    button("\\u2212", link.getAttribute("data-zoom-out") || "-", function () {
      var m = middle(); zoomAt(1 / 1.5, m[0], m[1]);
    });
    var closer = button("\\u00d7", link.getAttribute("data-close") || "x", function () { dialog.close(); });
    dialog.appendChild(tools);
    dialog.appendChild(stage);
    document.body.appendChild(dialog);

    dialog.addEventListener("keydown", function (event) {
      var step = 0.1 * Math.min(stage.clientWidth, stage.clientHeight), m = middle();
      switch (event.key) {
        case "+": case "=": zoomAt(1.5, m[0], m[1]); break;
        case "-": case "_": zoomAt(1 / 1.5, m[0], m[1]); break;
        case "0": fit(); break;
        case "ArrowLeft": x += step; limit(); break;
        case "ArrowRight": x -= step; limit(); break;
        case "ArrowUp": y += step; limit(); break;
        case "ArrowDown": y -= step; limit(); break;
        default: return;
      }
      event.preventDefault();
    });
    var pointers = {}, spread = 0, lastTap = 0;
    function points() { return Object.keys(pointers).map(function (k) { return pointers[k]; }); }
    stage.addEventListener("pointerdown", function (event) {
      stage.setPointerCapture(event.pointerId);
      pointers[event.pointerId] = [event.clientX, event.clientY];
      var p = points();
      if (p.length === 2) { spread = Math.hypot(p[0][0] - p[1][0], p[0][1] - p[1][1]); }
      if (p.length === 1) {
        var now = Date.now();
        if (now - lastTap < 300) {
          if (scale > fitScale * 1.01) { fit(); } else { zoomAt(2.5, event.clientX, event.clientY); }
        }
        lastTap = now;
      }
    });
    stage.addEventListener("pointermove", function (event) {
      var before = pointers[event.pointerId];
      if (!before) { return; }
      pointers[event.pointerId] = [event.clientX, event.clientY];
      var p = points();
      if (p.length === 1) {
        x += event.clientX - before[0];
        y += event.clientY - before[1];
        limit();
      } else if (p.length === 2 && spread) {
        var now = Math.hypot(p[0][0] - p[1][0], p[0][1] - p[1][1]);
        zoomAt(now / spread, (p[0][0] + p[1][0]) / 2, (p[0][1] + p[1][1]) / 2);
        spread = now;
      }
    });
    function release(event) { delete pointers[event.pointerId]; spread = 0; }
    stage.addEventListener("pointerup", release);
    stage.addEventListener("pointercancel", release);
    stage.addEventListener("wheel", function (event) {
      event.preventDefault();
      zoomAt(event.deltaY < 0 ? 1.25 : 0.8, event.clientX, event.clientY);
    }, { passive: false });
    window.addEventListener("resize", fit);
    dialog.addEventListener("close", function () {
      window.removeEventListener("resize", fit);
      dialog.remove();
      link.focus();
    });
    image.addEventListener("load", fit);
    image.src = link.href;
    dialog.showModal();
    closer.focus();
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.picture") : null;
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) { return; }
    if (typeof HTMLDialogElement !== "function") { return; }
    event.preventDefault();
    openZoom(link);
  });

  // From file:// Chromium loads no <track>, but runs a script: each track's WebVTT file has a twin,
  // x.vtt.js, that files its text under the track's address; the track gets it as a blob: address.
  if (location.protocol === "file:" && typeof Blob === "function") {
    Array.prototype.slice.call(document.querySelectorAll("audio track, video track")).forEach(function (track) {
      var twin = document.createElement("script");
      twin.src = track.getAttribute("src") + ".js";
      twin.onload = function () {
        var text = window.siteCues && window.siteCues[track.src];
        if (typeof text === "string") { track.src = URL.createObjectURL(new Blob([text], { type: "text/vtt" })); }
        twin.remove();
      };
      document.head.appendChild(twin);
    });
  }

  // Sound: browsers show no captions for an <audio>, so its showing track is written below it.
  Array.prototype.slice.call(document.querySelectorAll("audio")).forEach(function (player) {
    var line = player.parentNode.querySelector(".sound-captions");
    var element = player.querySelector("track[default]") || player.querySelector("track");
    if (!line || !element) { return; }
    var track = element.track;
    track.mode = "hidden";
    track.addEventListener("cuechange", function () {
      var words = [];
      for (var i = 0; track.activeCues && i < track.activeCues.length; i++) {
        words.push(track.activeCues[i].getCueAsHTML().textContent);
      }
      line.textContent = words.join("\\n");
    });
  });
}());
"""
