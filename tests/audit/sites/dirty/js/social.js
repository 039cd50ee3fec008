document.cookie = "_fbp=fb.1." + Date.now() + "; path=/dirty/shop";
