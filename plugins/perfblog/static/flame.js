/* Click-to-zoom, reset and search for flame graphs rendered by perfblog.
 *
 * Each <figure data-pb-flame> is wired on its own: listeners sit on the figure's
 * elements, never on window or document keys, and nothing touches the URL, so
 * several graphs on one page stay independent. Without this script the graph is
 * still complete: every frame's <title> carries its name, count and share.
 *
 * The SVG lists frames in depth-first pre-order (see flame/tree.py, layout), so
 * a frame's descendants are the frames right after it that are drawn above it.
 */
(function () {
  "use strict";

  function setup(figure) {
    var svg = figure.querySelector("svg");
    var tools = figure.querySelector(".pb-flame-tools");
    var reset = tools.querySelector(".pb-flame-reset");
    var search = tools.querySelector("input");
    var matched = tools.querySelector("output");
    var detail = figure.querySelector(".pb-flame-detail");
    var width = svg.viewBox.baseVal.width;
    var charWidth = Number(svg.dataset.char);
    var pad = Number(svg.dataset.pad);
    var baseline = Number(svg.dataset.baseline);

    var frames = Array.prototype.map.call(svg.querySelectorAll("g"), function (g, index) {
      var rect = g.querySelector("rect");
      var title = g.querySelector("title").textContent;
      g.tabIndex = index === 0 ? 0 : -1;
      return {
        g: g,
        rect: rect,
        text: g.querySelector("text"),
        title: title,
        name: title.slice(0, title.indexOf(" \u2014 ")),
        x: Number(rect.getAttribute("x")),
        y: Number(rect.getAttribute("y")),
        w: Number(rect.getAttribute("width")),
      };
    });
    var byElement = new Map(frames.map(function (f, i) { return [f.g, i]; }));

    function label(frame, w) {
      var room = Math.floor((w - 2 * pad) / charWidth);
      var text = room < 3 ? "" : frame.name.length <= room ? frame.name : frame.name.slice(0, room - 1) + "\u2026";
      if (!frame.text && text) {
        frame.text = document.createElementNS("http://www.w3.org/2000/svg", "text");
        frame.text.setAttribute("y", String(frame.y + baseline));
        frame.g.appendChild(frame.text);
      }
      if (frame.text) frame.text.textContent = text;
    }

    function place(frame, x, w, state) {
      frame.rect.setAttribute("x", x.toFixed(1));
      frame.rect.setAttribute("width", w.toFixed(1));
      if (frame.text) frame.text.setAttribute("x", (x + pad).toFixed(1));
      label(frame, w);
      frame.g.classList.toggle("a", state === "a");
      frame.g.classList.toggle("h", state === "h");
    }

    function zoom(index) {
      var target = frames[index];
      var scale = width / target.w;
      var ancestorY = target.y;
      for (var i = index - 1; i >= 0; i--) {
        var before = frames[i];
        if (before.y > ancestorY) {
          ancestorY = before.y;
          place(before, 0, width, "a");
        } else {
          place(before, before.x, before.w, "h");
        }
      }
      place(target, 0, width, "");
      for (var j = index + 1; j < frames.length; j++) {
        var after = frames[j];
        var inside = after.y < target.y;
        if (inside) place(after, (after.x - target.x) * scale, after.w * scale, "");
        else break;
      }
      for (; j < frames.length; j++) place(frames[j], frames[j].x, frames[j].w, "h");
      reset.disabled = index === 0;
    }

    function unzoom() {
      frames.forEach(function (f) { place(f, f.x, f.w, ""); });
      reset.disabled = true;
    }

    function find(term) {
      var needle = term.trim().toLowerCase();
      var total = 0;
      var coverY = null;
      frames.forEach(function (f, i) {
        var hit = needle !== "" && i > 0 && f.name.toLowerCase().indexOf(needle) !== -1;
        f.g.classList.toggle("m", hit);
        if (coverY !== null && f.y >= coverY) coverY = null;
        if (hit && coverY === null) {
          total += f.w;
          coverY = f.y;
        }
      });
      matched.textContent = needle ? "Matched: " + (100 * total / width).toFixed(1) + "% of " + svg.dataset.unit : "";
    }

    function show(frame) {
      detail.hidden = false;
      detail.textContent = frame.title;
    }

    function visible(index) {
      return index >= 0 && index < frames.length && !frames[index].g.classList.contains("h");
    }

    // Arrow keys: Up to the first child, Down to the parent, Left/Right along the row.
    function neighbour(index, key) {
      var f = frames[index];
      var i;
      if (key === "ArrowUp") {
        for (i = index + 1; i < frames.length && frames[i].y < f.y; i++) {
          if (visible(i)) return i;
        }
      } else if (key === "ArrowDown") {
        for (i = index - 1; i >= 0; i--) if (frames[i].y > f.y) return i;
      } else {
        var step = key === "ArrowRight" ? 1 : -1;
        for (i = index + step; i >= 0 && i < frames.length; i += step) {
          if (frames[i].y === f.y && visible(i)) return i;
        }
      }
      return -1;
    }

    function moveFocus(from, to) {
      frames[from].g.tabIndex = -1;
      frames[to].g.tabIndex = 0;
      frames[to].g.focus();
    }

    function indexOf(event) {
      var g = event.target.closest && event.target.closest("g");
      return byElement.has(g) ? byElement.get(g) : -1;
    }

    svg.addEventListener("click", function (event) {
      var index = indexOf(event);
      if (index < 0) return;
      moveFocus(frames.findIndex(function (f) { return f.g.tabIndex === 0; }), index);
      zoom(index);
    });
    svg.addEventListener("keydown", function (event) {
      var index = indexOf(event);
      if (index < 0) return;
      if (event.key === "Enter" || event.key === " ") {
        zoom(index);
      } else if (event.key === "Escape") {
        unzoom();
      } else if (event.key.indexOf("Arrow") === 0) {
        var next = neighbour(index, event.key);
        if (next >= 0) moveFocus(index, next);
      } else {
        return;
      }
      event.preventDefault();
    });
    svg.addEventListener("mouseover", function (event) {
      var index = indexOf(event);
      if (index >= 0) show(frames[index]);
    });
    svg.addEventListener("focusin", function (event) {
      var index = indexOf(event);
      if (index >= 0) show(frames[index]);
    });
    reset.addEventListener("click", unzoom);
    search.addEventListener("input", function () { find(search.value); });

    tools.hidden = false;
    figure.classList.add("is-live");
  }

  function init() {
    document.querySelectorAll("figure[data-pb-flame]").forEach(setup);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
