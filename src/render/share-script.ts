/**
 * The share links' one script: shows the "More…" button where the browser has a share sheet (the Web
 * Share API) and opens it. Without the script, or without the API, the plain links are all there is.
 */
export const SHARE_SCRIPT_SOURCE = `const item = document.querySelector('[data-share-native]');
if (item && typeof navigator.share === 'function') {
  const button = item.querySelector('button');
  item.hidden = false;
  button.addEventListener('click', () => {
    navigator.share({ title: button.dataset.title, url: button.dataset.url }).catch(() => {});
  });
}
`;
