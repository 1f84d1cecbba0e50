// Keyboard shortcuts for the moderation queue: j / k move between comments, a approves and
// d deletes the focused one. Every action is also a plain form button.
document.addEventListener("keydown", function (event) {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  var target = event.target;
  if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
  var items = Array.prototype.slice.call(document.querySelectorAll(".queue .item"));
  if (!items.length) return;
  var current = items.indexOf(document.activeElement && document.activeElement.closest(".item"));
  var move = function (step) {
    var next = items[Math.min(items.length - 1, Math.max(0, current + step))];
    next.focus();
    next.scrollIntoView({ block: "nearest" });
  };
  if (event.key === "j") { move(current < 0 ? 1 : 1); event.preventDefault(); }
  else if (event.key === "k") { move(-1); event.preventDefault(); }
  else if ((event.key === "a" || event.key === "d") && current >= 0) {
    var button = items[current].querySelector('button[data-action="' + (event.key === "a" ? "approve" : "delete") + '"]');
    if (button) { button.click(); event.preventDefault(); }
  }
});
