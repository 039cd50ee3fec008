// the share buttons, declared as social media: _fbp for 3 months
document.cookie = "_fbp=fb.1." + Date.now() + "; max-age=" + 90 * 86400 + "; path=/";
