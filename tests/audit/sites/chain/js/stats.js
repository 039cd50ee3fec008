localStorage.setItem("stats_seen", "1");
const widget = document.createElement("iframe");
widget.src = document.currentScript.dataset.widget;
widget.title = "Delen";
document.body.append(widget);
