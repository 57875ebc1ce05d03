(function () {
  "use strict";
  var docs = Array.prototype.slice.call(document.querySelectorAll("article.doc"));
  var search = document.getElementById("search");
  var shown = document.getElementById("shown");
  var misses = document.getElementById("only-misses");
  var state = { rule: null, family: null, query: "", misses: false };
  var texts = docs.map(function (doc) {
    return Array.prototype.map.call(doc.querySelectorAll("ol.text > li"), function (li) {
      return li.textContent.toLowerCase();
    });
  });
  var labels = docs.map(function (doc) {
    var h = doc.querySelector("h3");
    return h ? h.textContent.toLowerCase() : "";
  });

  function tokens(value) {
    return value ? value.split(" ") : [];
  }

  function apply() {
    var count = 0;
    docs.forEach(function (doc, i) {
      var ok = true;
      if (state.rule && tokens(doc.getAttribute("data-rules")).indexOf(state.rule) < 0) ok = false;
      if (state.family && tokens(doc.getAttribute("data-families")).indexOf(state.family) < 0) ok = false;
      if (state.misses && doc.getAttribute("data-misses") === "0") ok = false;
      var lines = doc.querySelectorAll("ol.text > li");
      var found = !state.query || labels[i].indexOf(state.query) >= 0;
      for (var j = 0; j < lines.length; j++) {
        var hit = !!state.query && texts[i][j].indexOf(state.query) >= 0;
        lines[j].classList.toggle("hit", hit);
        if (hit) found = true;
      }
      if (!found) ok = false;
      doc.hidden = !ok;
      if (ok) count++;
    });
    shown.textContent = count + " of " + docs.length + " documents shown";
    if (misses) misses.setAttribute("aria-pressed", state.misses ? "true" : "false");
    Array.prototype.forEach.call(document.querySelectorAll("button.filter"), function (b) {
      var on = (b.hasAttribute("data-rule") && b.getAttribute("data-rule") === state.rule) ||
               (b.hasAttribute("data-family") && b.getAttribute("data-family") === state.family);
      b.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }

  function setRule(code) {
    state.rule = state.rule === code ? null : code;
    apply();
  }

  function setFamily(name) {
    state.family = state.family === name ? null : name;
    apply();
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) return;
    if (button.id === "only-misses") {
      state.misses = !state.misses;
      apply();
    } else if (button.id === "show-all") {
      state.rule = state.family = null;
      state.misses = false;
      state.query = "";
      search.value = "";
      apply();
    } else if (button.classList.contains("rule-filter")) {
      state.rule = null;
      setRule(button.getAttribute("data-rule"));
      document.getElementById("documents").scrollIntoView();
    } else if (button.hasAttribute("data-rule")) {
      setRule(button.getAttribute("data-rule"));
    } else if (button.hasAttribute("data-family")) {
      setFamily(button.getAttribute("data-family"));
    }
  });

  search.addEventListener("input", function () {
    state.query = search.value.trim().toLowerCase();
    apply();
  });

  // A link to a document the filters hide shows every document again.
  function reveal() {
    var target = location.hash ? document.getElementById(location.hash.slice(1)) : null;
    if (target && target.classList.contains("doc") && target.hidden) {
      state.rule = state.family = null;
      state.misses = false;
      state.query = "";
      search.value = "";
      apply();
      target.scrollIntoView();
    }
  }
  window.addEventListener("hashchange", reveal);
  apply();
  reveal();
})();
