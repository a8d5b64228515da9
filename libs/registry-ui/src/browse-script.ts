/**
 * The pages' only script, optional: it reveals the copy buttons (rendered `hidden`, since they need
 * it) and copies the text of the element a button names. Everything else works without JavaScript.
 * A string rather than a compiled module: the server's tsconfig has no DOM types, and the browser
 * gets it as written.
 */
export const BROWSE_JS = `'use strict';
(function () {
  if (!navigator.clipboard || !window.isSecureContext) return;
  var status = document.getElementById('copy-status');
  document.querySelectorAll('button[data-copy]').forEach(function (button) {
    button.hidden = false;
    button.addEventListener('click', function () {
      var source = document.getElementById(button.getAttribute('data-copy'));
      if (!source) return;
      navigator.clipboard.writeText(source.textContent).then(
        function () {
          button.classList.add('copied');
          if (status) status.textContent = 'Copied to the clipboard.';
          setTimeout(function () { button.classList.remove('copied'); }, 2000);
        },
        function () {
          if (status) status.textContent = 'Could not copy: select the text and copy it instead.';
        }
      );
    });
  });
})();
`;
