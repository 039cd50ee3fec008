localStorage.setItem("stats_seen", "1");
document.cookie = "_gid=GA1.1.9." + Date.now() + "; max-age=86400; path=/";
