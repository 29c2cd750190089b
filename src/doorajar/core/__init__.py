"""The core: one unit of work, and the public operations on applications, rejections, contacts, touches and the plan that every feature calls."""
