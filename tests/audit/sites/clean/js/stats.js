// the shop's statistics, declared as analytics: _ga for 6 months, and a storage key
document.cookie = "_ga=GA1.1.42." + Date.now() + "; max-age=" + 182 * 86400 + "; path=/";
localStorage.setItem("stats_seen", "1");
